import SQLKit

/// Test management, what it still lacked (issue 16): attachments (uploaded files) held by a test
/// case or a test report instead of an issue, and test plans linked to an iteration and to a
/// release of their repository. A deleted case, report, iteration or release leaves the file or
/// the plan in place, unlinked.
enum Migration036 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let statements = [
            "ALTER TABLE issue_attachments ADD COLUMN test_case_id BIGINT REFERENCES test_cases (id) ON DELETE SET NULL",
            "ALTER TABLE issue_attachments ADD COLUMN test_report_id BIGINT REFERENCES test_reports (id) ON DELETE SET NULL",
            "CREATE INDEX issue_attachments_test_case ON issue_attachments (test_case_id)",
            "CREATE INDEX issue_attachments_test_report ON issue_attachments (test_report_id)",
            "ALTER TABLE test_runs ADD COLUMN iteration_id BIGINT REFERENCES iterations (id) ON DELETE SET NULL",
            "ALTER TABLE test_runs ADD COLUMN git_release_id BIGINT REFERENCES git_releases (id) ON DELETE SET NULL",
        ]
        for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
    }
}
