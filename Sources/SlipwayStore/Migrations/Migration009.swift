import SQLKit

/// Git operations of the CODING API: commit comments, tag-protection rules and read-only branches.
enum Migration009 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "git_commit_comments")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("depot_id", type: .bigint, .notNull)
            .column("commit_sha", type: .text, .notNull)
            .column("path", type: .text, .notNull)
            .column("line_index", type: .bigint, .notNull)
            .column("content", type: .text, .notNull)
            .column("author_uid", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "git_commit_comments_commit").on("git_commit_comments")
            .column("depot_id").column("commit_sha").run()
        try await db.create(table: "git_protected_tag_rules")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("depot_id", type: .bigint, .notNull)
            .column("rule", type: .text, .notNull)
            .column("creator_uid", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .unique("depot_id", "rule")
            .run()
        try await db.create(table: "git_read_only_branches")
            .column("depot_id", type: .bigint, .notNull)
            .column("branch", type: .text, .notNull)
            .column("creator_uid", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .unique("depot_id", "branch")
            .run()
    }
}
