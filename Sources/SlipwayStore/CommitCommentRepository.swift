import SQLKit
import SlipwayCore

struct CommitCommentRow: Codable {
    var id: Int64
    var depotId: Int64
    var commitSha: String
    var path: String
    var lineIndex: Int64
    var content: String
    var authorUid: String
    var createdAt: Int64

    var comment: GitCommitComment {
        GitCommitComment(
            id: id, depotID: depotId, commitSHA: commitSha, path: path, lineIndex: lineIndex, content: content,
            authorUID: authorUid, createdAt: createdAt)
    }
}

/// Comments on depot commits, keyed by depot and full commit SHA.
package struct CommitCommentRepository: Sendable {
    let sql: any SQLStore

    /// Stores a comment and returns it with its id.
    package func create(_ comment: GitCommitComment) async throws -> GitCommitComment {
        try await sql.write { db in
            var stored = comment
            stored.id =
                try await db.insert(into: "git_commit_comments")
                .columns("depot_id", "commit_sha", "path", "line_index", "content", "author_uid", "created_at")
                .values(
                    SQLBind(comment.depotID), SQLBind(comment.commitSHA), SQLBind(comment.path),
                    SQLBind(comment.lineIndex), SQLBind(comment.content), SQLBind(comment.authorUID),
                    SQLBind(comment.createdAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            return stored
        }
    }

    /// One page of a commit's comments, oldest first, and their total.
    package func list(depotID: Int64, sha: String, page: Int, pageSize: Int) async throws -> (rows: [GitCommitComment], total: Int) {
        try await sql.read { db in
            let (rows, total) = try await db.page(
                "git_commit_comments", as: CommitCommentRow.self, page: page, pageSize: pageSize, orderBy: "id"
            ) { $0.where("depot_id", .equal, depotID).where("commit_sha", .equal, sha) }
            return (rows.map(\.comment), total)
        }
    }
}
