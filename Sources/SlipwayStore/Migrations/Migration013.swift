import SQLKit

/// Counts of refused webhook deliveries (never their bodies).
enum Migration013 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "webhook_refusals")
            .column("provider", type: .text, .notNull)
            .column("reason", type: .text, .notNull)
            .column("count", type: .bigint, .notNull)
            .column("last_at", type: .bigint, .notNull)
            .primaryKey("provider", "reason")
            .run()
    }
}
