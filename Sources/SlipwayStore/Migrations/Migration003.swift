import SQLKit

/// Hosted git repositories (CODING depots).
enum Migration003 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "depots")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("project_key", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("last_push_at", type: .bigint, .notNull)
            .unique("project_key", "name")
            .run()
    }
}
