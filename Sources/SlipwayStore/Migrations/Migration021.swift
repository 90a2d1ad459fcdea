import SQLKit

/// CODING CI: jobs (their configuration as JSON, sensitive variable values sealed apart, the
/// workflow each runs as) and builds (a task of that workflow, with the revision, Jenkinsfile and
/// parameters it ran with; sensitive parameter values sealed). Jobs go with their project and
/// depot, builds with their job.
enum Migration021 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        try await db.raw(
            """
            CREATE TABLE ci_jobs (
                id \(unsafeRaw: id),
                project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE,
                depot_id BIGINT REFERENCES depots (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                workflow_key TEXT NOT NULL,
                config TEXT NOT NULL,
                secrets TEXT NOT NULL,
                creator_uid TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """
        ).run()
        try await db.create(index: "ci_jobs_project").on("ci_jobs").column("project_key").run()
        try await db.create(index: "ci_jobs_depot").on("ci_jobs").column("depot_id").run()
        try await db.raw(
            """
            CREATE TABLE ci_builds (
                id \(unsafeRaw: id),
                job_id BIGINT NOT NULL REFERENCES ci_jobs (id) ON DELETE CASCADE,
                number BIGINT NOT NULL,
                task_id BIGINT NOT NULL,
                branch TEXT NOT NULL,
                commit_sha TEXT NOT NULL,
                cause TEXT NOT NULL,
                trigger_method TEXT NOT NULL,
                jenkinsfile TEXT NOT NULL,
                params TEXT NOT NULL,
                creator_uid TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (job_id, number)
            )
            """
        ).run()
    }
}
