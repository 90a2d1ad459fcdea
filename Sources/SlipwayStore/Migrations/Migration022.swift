import SQLKit

/// Zadig builds, tests and code scans (each a JSON document per project and name, credential
/// parameters sealed inside), and every test case's result per run of a test, with the commit it
/// ran on (what the flaky-test list compares), and each scan run's report and quality gate. All
/// rows belong to their project.
enum Migration022 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        for table in ["zadig_builds", "zadig_tests", "zadig_scans"] {
            try await db.raw(
                """
                CREATE TABLE \(unsafeRaw: table) (
                    project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE,
                    name TEXT NOT NULL,
                    document TEXT NOT NULL,
                    updated_by TEXT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (project_key, name)
                )
                """
            ).run()
        }
        try await db.raw(
            """
            CREATE TABLE zadig_test_cases (
                project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE,
                test_name TEXT NOT NULL,
                workflow_key TEXT NOT NULL,
                task_id BIGINT NOT NULL,
                job_name TEXT NOT NULL,
                case_index BIGINT NOT NULL,
                suite TEXT NOT NULL,
                case_name TEXT NOT NULL,
                classname TEXT NOT NULL,
                outcome TEXT NOT NULL,
                seconds DOUBLE PRECISION NOT NULL,
                message TEXT NOT NULL,
                failure_type TEXT NOT NULL,
                failure_text TEXT NOT NULL,
                commit_sha TEXT NOT NULL,
                recorded_at BIGINT NOT NULL,
                PRIMARY KEY (workflow_key, task_id, job_name, case_index)
            )
            """
        ).run()
        try await db.raw(
            """
            CREATE TABLE zadig_scan_results (
                project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE,
                scan_name TEXT NOT NULL,
                workflow_key TEXT NOT NULL,
                task_id BIGINT NOT NULL,
                job_name TEXT NOT NULL,
                quality_gate TEXT NOT NULL,
                report TEXT NOT NULL,
                recorded_at BIGINT NOT NULL,
                PRIMARY KEY (workflow_key, task_id, job_name)
            )
            """
        ).run()
        try await db.create(index: "zadig_test_cases_flaky").on("zadig_test_cases")
            .column("project_key").column("test_name").column("commit_sha").run()
    }
}
