import SQLKit

/// Issue activity and what hangs off issues (issue 16): the activity log (creations, field and
/// status changes, comments, attachments, custom fields), project issue fields with the custom
/// ones and their values, attachments (files kept as uploads) with the short-lived download links
/// handed out for them, and the test cases linked to issues. Everything goes with its project;
/// an issue's log, values and case links go with the issue.
enum Migration031 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        let project = "project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE"
        let statements = [
            """
            CREATE TABLE issue_logs (
                id \(id), \(project),
                issue_id BIGINT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
                action_type TEXT NOT NULL, target TEXT NOT NULL, target_name TEXT NOT NULL, content TEXT NOT NULL,
                field_id BIGINT NOT NULL, creator_uid TEXT NOT NULL, created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX issue_logs_issue ON issue_logs (issue_id, id)",
            """
            CREATE TABLE issue_fields (
                id \(id), \(project),
                name TEXT NOT NULL, component_type TEXT NOT NULL, description TEXT NOT NULL, options TEXT NOT NULL,
                unit TEXT NOT NULL, issue_types TEXT NOT NULL, required BOOLEAN NOT NULL, creator_uid TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                UNIQUE (project_key, name)
            )
            """,
            """
            CREATE TABLE issue_field_values (
                issue_id BIGINT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
                field_id BIGINT NOT NULL REFERENCES issue_fields (id) ON DELETE CASCADE,
                \(project), value TEXT NOT NULL, updated_at BIGINT NOT NULL,
                PRIMARY KEY (issue_id, field_id)
            )
            """,
            """
            CREATE TABLE issue_attachments (
                id \(id), \(project),
                upload_key TEXT NOT NULL UNIQUE REFERENCES uploads (upload_key) ON DELETE CASCADE,
                issue_id BIGINT REFERENCES issues (id) ON DELETE SET NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE issue_file_links (
                link_hash TEXT PRIMARY KEY, \(project),
                attachment_id BIGINT NOT NULL REFERENCES issue_attachments (id) ON DELETE CASCADE,
                user_uid TEXT NOT NULL, expires_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE test_case_issues (
                case_id BIGINT NOT NULL REFERENCES test_cases (id) ON DELETE CASCADE,
                issue_id BIGINT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
                \(project),
                PRIMARY KEY (case_id, issue_id)
            )
            """,
            "CREATE INDEX test_case_issues_issue ON test_case_issues (issue_id)",
        ]
        for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
    }
}
