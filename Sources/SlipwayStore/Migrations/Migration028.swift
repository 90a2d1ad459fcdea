import SQLKit

/// CODING test management (issue 16): case sections (a tree), cases, test plans (runs) and the
/// tests in them with their results, defects linked to tests, and reports over runs. Everything
/// goes with its project; a section's cases, a case's tests, a run's tests and a test's defect
/// links go with them.
enum Migration028 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        let project = "project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE"
        let statements = [
            """
            CREATE TABLE test_sections (
                id \(id), \(project), parent_id BIGINT NOT NULL, name TEXT NOT NULL, sort BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE test_cases (
                id \(id), \(project),
                section_id BIGINT NOT NULL REFERENCES test_sections (id) ON DELETE CASCADE,
                title TEXT NOT NULL, template_type TEXT NOT NULL, priority BIGINT NOT NULL, preconds TEXT NOT NULL,
                steps TEXT NOT NULL, expected TEXT NOT NULL, custom_steps TEXT NOT NULL, sort BIGINT NOT NULL,
                creator_uid TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX test_cases_section ON test_cases (project_key, section_id)",
            """
            CREATE TABLE test_runs (
                id \(id), \(project), name TEXT NOT NULL, include_all BOOLEAN NOT NULL, description TEXT NOT NULL,
                assignee_uid TEXT NOT NULL, execute_type BIGINT NOT NULL, section_id BIGINT NOT NULL, git_depot_id BIGINT NOT NULL,
                is_completed BOOLEAN NOT NULL, completed_at BIGINT NOT NULL, creator_uid TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE test_run_tests (
                id \(id), \(project),
                run_id BIGINT NOT NULL REFERENCES test_runs (id) ON DELETE CASCADE,
                case_id BIGINT NOT NULL REFERENCES test_cases (id) ON DELETE CASCADE,
                status TEXT NOT NULL, assignee_uid TEXT NOT NULL, tester_uid TEXT NOT NULL, tested_at BIGINT NOT NULL,
                sort BIGINT NOT NULL, step_results TEXT NOT NULL,
                UNIQUE (run_id, case_id)
            )
            """,
            """
            CREATE TABLE test_defects (
                test_id BIGINT NOT NULL REFERENCES test_run_tests (id) ON DELETE CASCADE,
                issue_id BIGINT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
                \(project), created_at BIGINT NOT NULL,
                PRIMARY KEY (test_id, issue_id)
            )
            """,
            """
            CREATE TABLE test_reports (
                id \(id), \(project), name TEXT NOT NULL, creator_uid TEXT NOT NULL, created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE test_report_runs (
                report_id BIGINT NOT NULL REFERENCES test_reports (id) ON DELETE CASCADE,
                run_id BIGINT NOT NULL REFERENCES test_runs (id) ON DELETE CASCADE,
                PRIMARY KEY (report_id, run_id)
            )
            """,
        ]
        for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
    }
}
