import SQLKit

/// CODING CD pipeline executions (each the task of its pipeline's workflow, with the trigger,
/// the cancel reason, and the status and times kept when the task ends, for history and
/// statistics) and each host's state in the server groups `deployHostserver` stages create.
enum Migration026 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            CREATE TABLE cd_pipeline_executions (
                id TEXT PRIMARY KEY,
                config_id TEXT NOT NULL REFERENCES cd_pipelines (id) ON DELETE CASCADE,
                application TEXT NOT NULL,
                name TEXT NOT NULL,
                workflow_key TEXT NOT NULL,
                task_id BIGINT NOT NULL,
                trigger_document TEXT NOT NULL,
                created_by TEXT NOT NULL,
                status TEXT NOT NULL,
                cancel_reason TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                ended_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """
        ).run()
        try await db.create(index: "cd_pipeline_executions_config").on("cd_pipeline_executions").column("config_id").column("created_at").run()
        try await db.create(index: "cd_pipeline_executions_application").on("cd_pipeline_executions").column("application").column("created_at")
            .run()
        try await db.create(index: "cd_pipeline_executions_task").on("cd_pipeline_executions").column("workflow_key").column("task_id").run()
        try await db.raw(
            """
            CREATE TABLE cd_host_instances (
                account TEXT NOT NULL,
                server_group_name TEXT NOT NULL,
                ip TEXT NOT NULL,
                region TEXT NOT NULL,
                status TEXT NOT NULL,
                deployed_at BIGINT NOT NULL,
                PRIMARY KEY (account, server_group_name, ip)
            )
            """
        ).run()
    }
}
