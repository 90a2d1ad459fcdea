import SQLKit

/// Merge request lists at O(page). Each depot gets one `merge_request_counts` row: the last
/// number (`iid`) given out and how many of its requests are in each state, kept in the same
/// transaction as every create and state change (`MergeRequestRepository+Counts`) and removed
/// with the depot by its foreign key. A depot's list takes its total from that row, and while
/// the count equals the last number the numbers are exactly 1…last, so page N is one range of
/// the `(depot_id, iid)` key.
///
/// The indexes serve the other orders and filters: by state within a depot (`open` alone, or
/// everything but `open`, CODING's "close"), by project and by author, newest first. Existing
/// requests are counted here; a state no version of Slipway writes is read as `open` (as
/// `MergeRequestRow` always did) and becomes it, so the counts match the rows.
enum Migration042 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            CREATE TABLE merge_request_counts (
                depot_id BIGINT PRIMARY KEY REFERENCES depots (id) ON DELETE CASCADE,
                last_iid BIGINT NOT NULL,
                open_count BIGINT NOT NULL,
                merged_count BIGINT NOT NULL,
                closed_count BIGINT NOT NULL
            )
            """
        ).run()
        try await db.raw("UPDATE merge_requests SET state = 'open' WHERE state NOT IN ('open', 'merged', 'closed')").run()
        try await db.raw(
            """
            INSERT INTO merge_request_counts (depot_id, last_iid, open_count, merged_count, closed_count)
            SELECT depot_id, MAX(iid),
                SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END),
                SUM(CASE WHEN state = 'merged' THEN 1 ELSE 0 END),
                SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END)
            FROM merge_requests GROUP BY depot_id
            """
        ).run()
        // Each ends with `id`, so a page's ids are read from the index alone (SQLite's indexes
        // carry the rowid anyway; PostgreSQL's would otherwise visit every skipped row).
        try await db.create(index: "merge_requests_depot_state_iid").on("merge_requests")
            .column("depot_id").column("state").column("iid").column("id").run()
        // Partial: the planner uses it for a query that says `state <> 'open'` in these words
        // (SQLite still tests the condition: `state` is in it, so the page's ids read no row).
        try await db.raw("CREATE INDEX merge_requests_depot_done ON merge_requests (depot_id, iid, state, id) WHERE state <> 'open'").run()
        // Leads with project_key as the index it replaces did (a project's cascading delete uses it).
        try await db.drop(index: "merge_requests_project").run()
        try await db.create(index: "merge_requests_project_created").on("merge_requests")
            .column("project_key").column("created_at").column("id").run()
        try await db.create(index: "merge_requests_author_created").on("merge_requests")
            .column("author_uid").column("created_at").column("id").run()
    }
}
