import SQLKit

/// Depot archiving, project start/end dates, and the merge request activity log.
enum Migration010 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column.
        try await db.alter(table: "depots").column("archived", type: .bigint, .notNull, .default(0)).run()
        try await db.alter(table: "projects").column("start_date", type: .bigint, .notNull, .default(0)).run()
        try await db.alter(table: "projects").column("end_date", type: .bigint, .notNull, .default(0)).run()
        try await db.create(table: "merge_request_events")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("merge_request_id", type: .bigint, .notNull)
            .column("action", type: .text, .notNull)
            .column("actor_uid", type: .text, .notNull)
            .column("detail", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "merge_request_events_request").on("merge_request_events")
            .column("merge_request_id").run()
    }
}
