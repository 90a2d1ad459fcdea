import SQLKit

/// Remote agents (`slipway agent`): one row per issued agent token, the token kept only as its
/// SHA-256 hash, with what the agent last reported and when it was last seen. Labels are a JSON
/// list. Claims, leases and log acknowledgements live in the server's memory (`AgentDispatcher`).
enum Migration017 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "agents")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("name", type: .text, .notNull, .unique)
            .column("labels", type: .text, .notNull)
            .column("capacity", type: .bigint, .notNull)
            .column("executor", type: .text, .notNull)
            .column("version", type: .text, .notNull)
            .column("enabled", type: .bigint, .notNull)
            .column("token_hash", type: .text, .notNull, .unique)
            .column("created_at", type: .bigint, .notNull)
            .column("last_seen_at", type: .bigint)
            .run()
    }
}
