import SQLKit

/// Pipeline plugins (`plugin:` steps of Serverless Devs pipeline files).
enum Migration011 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "pipeline_plugins")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("version", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .column("inputs", type: .text, .notNull)
            .column("run", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()
    }
}
