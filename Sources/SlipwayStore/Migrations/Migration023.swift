import SQLKit

/// CODING CD: deployment targets (host server groups, a password group's password sealed; cloud
/// accounts, the credential document sealed: it holds kubeconfigs and keys), applications with
/// the projects they are bound to, and CD task executions (their Spinnaker-shaped document as
/// JSON text). Lists and labels are JSON text.
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
        try await db.create(table: "cd_applications")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("cloud_providers", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .column("email", type: .text, .notNull)
            .column("instance_port", type: .bigint, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("last_modify_nick_name", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()
        try await db.raw(
            """
            CREATE TABLE cd_application_projects (
                application TEXT NOT NULL REFERENCES cd_applications (name) ON DELETE CASCADE,
                project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE,
                PRIMARY KEY (application, project_key)
            )
            """
        ).run()
        try await db.create(index: "cd_application_projects_project").on("cd_application_projects").column("project_key").run()
        try await db.create(table: "cd_task_executions")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("application", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("document", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await pipelines(db)
    }
}

extension Migration023 {
    /// An application's pipeline configs, in the order its `position`s give.
    static func pipelines(_ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            CREATE TABLE cd_pipelines (
                id TEXT PRIMARY KEY,
                application TEXT NOT NULL REFERENCES cd_applications (name) ON DELETE CASCADE,
                name TEXT NOT NULL,
                position BIGINT NOT NULL,
                document TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (application, name)
            )
            """
        ).run()
    }
}
