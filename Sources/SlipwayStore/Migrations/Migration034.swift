import SQLKit

/// Issue labels and modules (issue 16): a project's labels (name and colour) and modules, the
/// labels each issue carries, and the module an issue is filed under. Labels and modules go with
/// their project; a deleted label leaves the issues that carried it, a deleted module leaves its
/// issues in no module.
enum Migration034 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        let project = "project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE"
        let statements = [
            """
            CREATE TABLE issue_labels (
                id \(id), \(project),
                name TEXT NOT NULL, color TEXT NOT NULL, creator_uid TEXT NOT NULL, created_at BIGINT NOT NULL,
                UNIQUE (project_key, name)
            )
            """,
            "CREATE INDEX issue_labels_name ON issue_labels (name)",
            """
            CREATE TABLE issue_modules (
                id \(id), \(project),
                name TEXT NOT NULL, creator_uid TEXT NOT NULL, created_at BIGINT NOT NULL,
                UNIQUE (project_key, name)
            )
            """,
            """
            CREATE TABLE issue_label_links (
                issue_id BIGINT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
                label_id BIGINT NOT NULL REFERENCES issue_labels (id) ON DELETE CASCADE,
                \(project),
                PRIMARY KEY (issue_id, label_id)
            )
            """,
            "CREATE INDEX issue_label_links_label ON issue_label_links (label_id)",
            "ALTER TABLE issues ADD COLUMN module_id BIGINT REFERENCES issue_modules (id) ON DELETE SET NULL",
            "CREATE INDEX issues_module ON issues (module_id)",
        ]
        for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
    }
}
