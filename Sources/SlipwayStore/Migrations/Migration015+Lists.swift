import SQLKit

/// The growing lists besides tasks. Operation logs and webhook deliveries are never deleted, so
/// each gets a dense `seq` (1, 2, 3… in insert order, given out by `row_counters` in the insert's
/// transaction): the unfiltered list's total is the counter and page N is one range of the
/// `seq` index. Filtered lists page over an index that leads with the filter and ends with `id`.
/// A delivery's body size becomes a column, so a list never reads bodies.
extension Migration015 {
    /// The tables that get a dense `seq`, with their counter's name.
    static let sequenced = ["operation_logs", "trigger_deliveries"]

    static func applyToLists(_ db: any SQLDatabase) async throws {
        try await db.create(table: "row_counters")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("n", type: .bigint, .notNull)
            .run()
        for table in sequenced {
            try await db.raw("ALTER TABLE \(ident: table) ADD COLUMN seq BIGINT NOT NULL DEFAULT 0").run()
            try await db.raw(
                """
                UPDATE \(ident: table) SET seq = r.rn
                FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM \(ident: table)) AS r
                WHERE \(ident: table).id = r.id
                """
            ).run()
            try await db.raw("INSERT INTO row_counters (name, n) SELECT \(literal: table), COUNT(*) FROM \(ident: table)").run()
            try await db.create(index: "\(table)_seq").on(table).column("seq").unique().run()
        }
        try await db.drop(index: "operation_logs_project").run()
        try await db.create(index: "operation_logs_project_id").on("operation_logs").column("project_key").column("id").run()

        try await db.raw("ALTER TABLE trigger_deliveries ADD COLUMN body_bytes BIGINT NOT NULL DEFAULT 0").run()
        let bytes: SQLQueryString = db.dialect.name == "sqlite" ? "length(CAST(body AS BLOB))" : "octet_length(body)"
        try await db.raw("UPDATE trigger_deliveries SET body_bytes = \(bytes)").run()
        try await db.create(index: "trigger_deliveries_provider_id").on("trigger_deliveries").column("provider").column("id").run()

        try await db.create(index: "merge_requests_depot_created").on("merge_requests")
            .column("depot_id").column("created_at").column("id").run()
        try await db.create(index: "merge_requests_depot_action").on("merge_requests")
            .column("depot_id").column("action_at").column("id").run()
        try await db.create(index: "sdevs_dispatches_app_id").on("sdevs_dispatches").column("app_id").column("id").run()
    }
}
