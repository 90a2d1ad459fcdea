import SQLKit
import SlipwayCore

/// Issues' activity logs (migration 31): appended in the transaction of the change they record
/// (`insert`, from an `IssueRepository` companion) or on their own (`add`).
package struct IssueActivityRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var id: Int64
        var issueId: Int64
        var actionType: String
        var target: String
        var targetName: String
        var content: String
        var fieldId: Int64
        var creatorUid: String
        var createdAt: Int64

        static let columns = ["id", "issue_id", "action_type", "target", "target_name", "content", "field_id", "creator_uid", "created_at"]

        var entry: IssueLogEntry {
            var e = IssueLogEntry(
                issueID: issueId, action: actionType, target: target, targetName: targetName, content: content, creatorUID: creatorUid,
                createdAt: createdAt)
            e.id = id
            e.fieldID = fieldId
            return e
        }
    }

    /// Append `entries` of issue `issueID` in the caller's transaction.
    package static func insert(_ entries: [IssueLogEntry], issueID: Int64, projectKey: String, _ db: any SQLDatabase) async throws {
        for e in entries {
            try await db.insert(into: "issue_logs")
                .columns("project_key", "issue_id", "action_type", "target", "target_name", "content", "field_id", "creator_uid", "created_at")
                .values(
                    SQLBind(projectKey), SQLBind(issueID), SQLBind(e.action), SQLBind(e.target), SQLBind(e.targetName), SQLBind(e.content),
                    SQLBind(e.fieldID), SQLBind(e.creatorUID), SQLBind(e.createdAt)
                ).run()
        }
    }

    /// Append `entries` of issue `issueID` on their own.
    package func add(_ entries: [IssueLogEntry], issueID: Int64, projectKey: String) async throws {
        guard !entries.isEmpty else { return }
        try await sql.write { db in try await Self.insert(entries, issueID: issueID, projectKey: projectKey, db) }
    }

    /// An issue's log, newest first, narrowed to an action type, a target and a custom field when given; at most `limit`.
    package func entries(issueID: Int64, action: String?, target: String?, fieldID: Int64?, limit: Int = 1000) async throws -> [IssueLogEntry] {
        try await sql.read { db in
            var q = db.select().columns(Row.columns).from("issue_logs").where("issue_id", .equal, issueID)
            if let action { q = q.where("action_type", .equal, action) }
            if let target { q = q.where("target", .equal, target) }
            if let fieldID { q = q.where("field_id", .equal, fieldID) }
            return try await q.orderBy("id", .descending).limit(limit).all(decoding: Row.self, keyDecodingStrategy: .snakeCase).map(\.entry)
        }
    }
}

extension Store {
    /// Issues' activity logs (`IssueActivityRepository`).
    package var issueActivity: IssueActivityRepository { IssueActivityRepository(sql: sql) }
}
