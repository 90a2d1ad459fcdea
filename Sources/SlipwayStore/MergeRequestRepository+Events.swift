import SQLKit
import SlipwayCore

struct MergeRequestEventRow: Codable {
    var id: Int64
    var mergeRequestId: Int64
    var action: String
    var actorUid: String
    var detail: String
    var createdAt: Int64
}

/// The activity log of merge requests, and the approval reset a new push causes.
extension MergeRequestRepository {
    static func insertEvent(_ event: MergeRequestEvent, _ db: any SQLDatabase) async throws {
        try await db.insert(into: "merge_request_events")
            .columns("merge_request_id", "action", "actor_uid", "detail", "created_at")
            .values(
                SQLBind(event.mergeRequestID), SQLBind(event.action.rawValue), SQLBind(event.actorUID),
                SQLBind(event.detail), SQLBind(event.createdAt)
            )
            .run()
    }

    /// A request's log, oldest first (unknown actions, from a newer binary, are left out).
    package func events(mergeRequestID: Int64) async throws -> [MergeRequestEvent] {
        try await sql.read { db in
            try await db.select().column("*").from("merge_request_events").where("merge_request_id", .equal, mergeRequestID)
                .orderBy("id").all(decoding: MergeRequestEventRow.self, keyDecodingStrategy: .snakeCase)
                .compactMap { row in
                    MergeRequestEvent.Action(rawValue: row.action).map {
                        MergeRequestEvent(
                            id: row.id, mergeRequestID: row.mergeRequestId, action: $0, actorUID: row.actorUid,
                            detail: row.detail, createdAt: row.createdAt)
                    }
                }
        }
    }

    /// Records new commits on a request's source branch and withdraws every approval it had,
    /// in one transaction (`push`, then `reset_grant` when approvals were withdrawn). Returns
    /// how many approvals were withdrawn.
    @discardableResult
    package func recordSourcePush(mergeRequestID: Int64, actorUID: String, newSHA: String) async throws -> Int {
        try await sql.write { db in
            let approved = try await db.count("merge_request_reviewers") {
                $0.where("merge_request_id", .equal, mergeRequestID).where("approved", .equal, 1)
            }
            try await Self.insertEvent(
                MergeRequestEvent(mergeRequestID: mergeRequestID, action: .push, actorUID: actorUID, detail: newSHA), db)
            guard approved > 0 else { return 0 }
            try await db.update("merge_request_reviewers").set("approved", to: SQLBind(0))
                .where("merge_request_id", .equal, mergeRequestID).run()
            try await Self.insertEvent(
                MergeRequestEvent(
                    mergeRequestID: mergeRequestID, action: .resetGrant, actorUID: actorUID,
                    detail: "\(approved) approval(s) withdrawn: the source branch moved to \(newSHA)"), db)
            return approved
        }
    }
}
