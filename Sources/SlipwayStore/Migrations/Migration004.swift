import SQLKit

/// Pre-approval tickets.
enum Migration004 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "approval_tickets")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("project_key", type: .text, .notNull)
            .column("approval_id", type: .text, .notNull)
            .column("ticket", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .unique("project_key", "approval_id")
            .run()
    }
}
