import SQLKit
import SlipwayCore

extension IssueRepository {
    private struct CommentRow: Decodable {
        var id: Int64
        var issueId: Int64
        var parentId: Int64
        var content: String
        var creatorUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = ["id", "issue_id", "parent_id", "content", "creator_uid", "created_at", "updated_at"]

        var comment: IssueComment {
            var c = IssueComment(
                issueID: issueId, parentID: parentId, content: content, creatorUID: creatorUid, createdAt: createdAt, updatedAt: updatedAt)
            c.id = id
            return c
        }
    }

    /// Store a comment; `also` writes what goes with it (its log entry) in the same transaction, given its id.
    package func addComment(_ comment: IssueComment, projectKey: String, also: Companion? = nil) async throws -> IssueComment {
        try await sql.write { db in
            var stored = comment
            stored.id =
                try await db.insert(into: "issue_comments")
                .columns("project_key", "issue_id", "parent_id", "content", "creator_uid", "created_at", "updated_at")
                .values(
                    SQLBind(projectKey), SQLBind(comment.issueID), SQLBind(comment.parentID), SQLBind(comment.content),
                    SQLBind(comment.creatorUID), SQLBind(comment.createdAt), SQLBind(comment.updatedAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            try await also?(db, stored.id)
            return stored
        }
    }

    package func updateComment(id: Int64, content: String, at time: Int64) async throws {
        try await sql.write { db in
            try await db.update("issue_comments").set("content", to: content).set("updated_at", to: time).where("id", .equal, id).run()
        }
    }

    package func comment(id: Int64, issueID: Int64) async throws -> IssueComment? {
        try await comments(issueID) { $0.where("id", .equal, id) }.first
    }

    /// An issue's comments, oldest first.
    package func comments(of issueID: Int64) async throws -> [IssueComment] {
        try await comments(issueID) { $0 }
    }

    private func comments(_ issueID: Int64, _ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws
        -> [IssueComment]
    {
        try await sql.read { db in
            try await filter(db.select().columns(CommentRow.columns).from("issue_comments").where("issue_id", .equal, issueID))
                .orderBy("id").all(decoding: CommentRow.self, keyDecodingStrategy: .snakeCase).map(\.comment)
        }
    }
}
