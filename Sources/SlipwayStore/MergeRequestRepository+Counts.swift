import SQLKit
import SlipwayCore

/// A depot's merge request counter (`merge_request_counts`, migration 42): the last number given
/// out and how many of its requests are in each state. Summed over depots, `lastIID` is the
/// largest of them.
package struct MergeRequestCounts: Sendable, Equatable, Codable {
    package var lastIID: Int64
    package var open: Int
    package var merged: Int
    package var closed: Int

    package init(lastIID: Int64 = 0, open: Int = 0, merged: Int = 0, closed: Int = 0) {
        self.lastIID = lastIID
        self.open = open
        self.merged = merged
        self.closed = closed
    }

    /// How many requests are in one state.
    package func count(_ state: DepotMergeRequest.State) -> Int {
        switch state {
        case .open: open
        case .merged: merged
        case .closed: closed
        }
    }

    /// How many requests are in any of `states` (every state when empty).
    package func total(of states: [DepotMergeRequest.State]) -> Int {
        let chosen: Set<DepotMergeRequest.State> = states.isEmpty ? [.open, .merged, .closed] : Set(states)
        return chosen.reduce(0) { $0 + count($1) }
    }

    /// Whether the numbers are exactly 1…`lastIID` (no request missing): then a page is a range of them.
    var dense: Bool { Int64(total(of: [])) == lastIID }
}

/// The counter as a row (`SUM` over no rows is NULL: a depot without requests counts zero).
struct MergeRequestCountsRow: Codable {
    var lastIid: Int64?
    var openCount: Int?
    var mergedCount: Int?
    var closedCount: Int?

    var counts: MergeRequestCounts {
        MergeRequestCounts(lastIID: lastIid ?? 0, open: openCount ?? 0, merged: mergedCount ?? 0, closed: closedCount ?? 0)
    }
}

/// The counters are written in the transaction of every create and state change, so a list's
/// total is one row per depot, never a count of requests. Requests are never deleted one by
/// one; a depot's go with it, and so does its counter (foreign key, `ON DELETE CASCADE`).
extension MergeRequestRepository {
    /// The counter column of a state: fixed names, safe to put in the SQL text.
    static func countColumn(_ state: DepotMergeRequest.State) -> String {
        switch state {
        case .open: "open_count"
        case .merged: "merged_count"
        case .closed: "closed_count"
        }
    }

    /// Takes the depot's next number and counts one more request in `state`, in one statement;
    /// the depot's first request makes its counter row (numbered 1).
    static func nextIID(depotID: Int64, state: DepotMergeRequest.State, _ db: any SQLDatabase) async throws -> Int64 {
        let column = countColumn(state)
        let first = [DepotMergeRequest.State.open, .merged, .closed].map { $0 == state ? 1 : 0 }
        let upsert: SQLQueryString = """
            INSERT INTO merge_request_counts (depot_id, last_iid, open_count, merged_count, closed_count) \
            VALUES (\(bind: depotID), 1, \(bind: first[0]), \(bind: first[1]), \(bind: first[2])) \
            ON CONFLICT (depot_id) DO UPDATE SET last_iid = merge_request_counts.last_iid + 1, \
            \(unsafeRaw: column) = merge_request_counts.\(unsafeRaw: column) + 1 RETURNING last_iid
            """
        guard let iid = try await db.raw(upsert).first(decodingColumn: "last_iid", as: Int64.self) else {
            throw SlipwayError.internalError("depot \(depotID) gave out no merge request number")
        }
        return iid
    }

    /// Moves one of the depot's requests from `old`'s count to `new`'s (nothing when they are equal).
    static func recount(depotID: Int64, from old: DepotMergeRequest.State, to new: DepotMergeRequest.State, _ db: any SQLDatabase) async throws {
        guard old != new else { return }
        let from = countColumn(old), to = countColumn(new)
        try await db.raw(
            """
            UPDATE merge_request_counts SET \(unsafeRaw: from) = \(unsafeRaw: from) - 1, \(unsafeRaw: to) = \(unsafeRaw: to) + 1 \
            WHERE depot_id = \(bind: depotID)
            """
        ).run()
    }

    /// A depot's counts (zero when it has no request yet).
    package func counts(depotID: Int64) async throws -> MergeRequestCounts {
        try await sql.read { db in try await Self.counts(.depot(depotID), db) }
    }

    /// The counts of a list's scope: one depot's row, or the sum over a project's depots.
    static func counts(_ scope: MergeRequestScope, _ db: any SQLDatabase) async throws -> MergeRequestCounts {
        // PostgreSQL sums BIGINT as NUMERIC: cast back.
        let head =
            "SELECT MAX(last_iid) AS last_iid, CAST(SUM(open_count) AS BIGINT) AS open_count,"
            + " CAST(SUM(merged_count) AS BIGINT) AS merged_count, CAST(SUM(closed_count) AS BIGINT) AS closed_count"
            + " FROM merge_request_counts WHERE depot_id "
        let query: SQLQueryString
        switch scope {
        case .depot(let id): query = "\(unsafeRaw: head)= \(bind: id)"
        case .project(let key): query = "\(unsafeRaw: head)IN (SELECT id FROM depots WHERE project_key = \(bind: key))"
        }
        return try await db.raw(query).first(decoding: MergeRequestCountsRow.self, keyDecodingStrategy: .snakeCase)?.counts
            ?? MergeRequestCounts()
    }
}
