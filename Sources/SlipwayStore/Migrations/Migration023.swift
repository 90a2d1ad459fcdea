import SQLKit

/// CODING CD's deployment targets: host server groups (SSH hosts; a password group's password
/// sealed) and cloud accounts (the credential document sealed: it holds kubeconfigs and keys).
/// Lists and labels are JSON text.
enum Migration023 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "cd_host_server_groups")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("agent_id", type: .bigint, .notNull)
            .column("display_name", type: .text, .notNull, .unique)
            .column("auth_method", type: .text, .notNull)
            .column("user_name", type: .text, .notNull)
            .column("port", type: .bigint, .notNull)
            .column("ips", type: .text, .notNull)
            .column("labels", type: .text, .notNull)
            .column("password", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()
        try await db.create(table: "cd_cloud_accounts")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("name", type: .text, .notNull, .unique)
            .column("provider", type: .text, .notNull)
            .column("credential", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()
    }
}
