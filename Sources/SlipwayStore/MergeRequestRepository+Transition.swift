import SQLKit
import SlipwayCore

/// A merge request leaving a state (merged, closed), with its log entry.
extension MergeRequestRepository {
    /// Writes the request's state, actor, branch SHAs and times, only if its stored state still
    /// is `expecting` (so two merges, or a merge and a close, cannot both win), and appends
    /// `event` to its log, and moves it between its depot's counts, in one transaction. Returns
    /// whether the request changed.
    package func transition(
        _ request: DepotMergeRequest, expecting: DepotMergeRequest.State, event: MergeRequestEvent
    ) async throws -> Bool {
        try await sql.write { db in
            let depotID =
                try await db.update("merge_requests")
                .set("state", to: SQLBind(request.state.rawValue)).set("actor_uid", to: SQLBind(request.actorUID))
                .set("source_sha", to: SQLBind(request.sourceSHA)).set("target_sha", to: SQLBind(request.targetSHA))
                .set("base_sha", to: SQLBind(request.baseSHA)).set("merge_commit_sha", to: SQLBind(request.mergeCommitSHA))
                .set("updated_at", to: SQLBind(request.updatedAt)).set("action_at", to: SQLBind(request.actionAt))
                .where("id", .equal, request.id).where("state", .equal, expecting.rawValue)
                .returning("depot_id").first(decodingColumn: "depot_id", as: Int64.self)
            guard let depotID else { return false }
            try await Self.recount(depotID: depotID, from: expecting, to: request.state, db)
            try await Self.insertEvent(event, db)
            return true
        }
    }
}
