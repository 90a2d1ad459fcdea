import SQLKit
import SlipwayCore

/// The bounded record of refused webhook deliveries: one counter per (provider, reason).
package struct WebhookRefusalRepository: Sendable {
    let sql: any SQLStore

    /// Count one refusal.
    package func record(provider: String, reason: WebhookRefusal.Reason, at time: EpochMillis = .now()) async throws {
        try await sql.write { db in
            try await db.insert(into: "webhook_refusals")
                .columns("provider", "reason", "count", "last_at")
                .values(SQLBind(provider), SQLBind(reason.rawValue), SQLBind(1), SQLBind(time))
                .onConflict(with: ["provider", "reason"]) { conflict in
                    conflict.set(
                        "count",
                        to: SQLBinaryExpression(
                            SQLColumn("count", table: "webhook_refusals"), .add, SQLLiteral.numeric("1"))
                    )
                    .set(excludedValueOf: "last_at")
                }
                .run()
        }
    }

    /// Every counter, most recent first.
    package func list() async throws -> [WebhookRefusal] {
        struct Row: Decodable {
            var provider: String
            var reason: String
            var count: Int
            var lastAt: Int64
        }
        let rows = try await sql.read { db in
            try await db.select().columns("provider", "reason", "count", "last_at").from("webhook_refusals")
                .orderBy("last_at", .descending).all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
        }
        return rows.compactMap { row in
            WebhookRefusal.Reason(rawValue: row.reason).map {
                WebhookRefusal(provider: row.provider, reason: $0, count: row.count, lastAt: row.lastAt)
            }
        }
    }

    /// The count for one reason, over every provider.
    package func count(_ reason: WebhookRefusal.Reason) async throws -> Int {
        try await list().filter { $0.reason == reason }.reduce(0) { $0 + $1.count }
    }
}
