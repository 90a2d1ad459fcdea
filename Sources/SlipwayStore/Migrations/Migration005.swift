import SQLKit

/// Databases registered for `sql` jobs.
enum Migration005 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "database_instances")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull, .unique)
            .column("type", type: .text, .notNull)
            .column("url", type: .text, .notNull)
            .column("updated_by", type: .text, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()
    }
}
