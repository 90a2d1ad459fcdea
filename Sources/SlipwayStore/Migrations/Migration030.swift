import SQLKit

/// CODING project management, continued (issue 16): a project's agile releases and the
/// iterations they span; programs (project sets) spanning projects, their work items and the
/// project issues those are split into; a project's collaboration template and its issue types.
/// Release codes count in `planning_counters`. Project-owned rows cascade from the project; a
/// program outlives its projects, which only lose their links to it.
enum Migration030 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        let project = "project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE"
        let tables = [
            """
            CREATE TABLE agile_releases (
                id \(id), \(project), code BIGINT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
                assignee_uid TEXT NOT NULL, creator_uid TEXT NOT NULL, start_date BIGINT NOT NULL, release_date BIGINT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (project_key, code)
            )
            """,
            """
            CREATE TABLE agile_release_iterations (
                release_id BIGINT NOT NULL REFERENCES agile_releases (id) ON DELETE CASCADE,
                iteration_id BIGINT NOT NULL REFERENCES iterations (id) ON DELETE CASCADE,
                \(project), PRIMARY KEY (release_id, iteration_id)
            )
            """,
            """
            CREATE TABLE programs (
                id \(id), name TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, description TEXT NOT NULL,
                start_date BIGINT NOT NULL, end_date BIGINT NOT NULL, creator_uid TEXT NOT NULL,
                last_work_item BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE program_projects (
                program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
                \(project), PRIMARY KEY (program_id, project_key)
            )
            """,
            """
            CREATE TABLE program_work_items (
                id \(id), program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE, code BIGINT NOT NULL,
                name TEXT NOT NULL, description TEXT NOT NULL, status_id BIGINT NOT NULL, priority TEXT NOT NULL,
                assignee_uid TEXT NOT NULL, creator_uid TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                UNIQUE (program_id, code)
            )
            """,
            """
            CREATE TABLE program_work_item_issues (
                work_item_id BIGINT NOT NULL REFERENCES program_work_items (id) ON DELETE CASCADE,
                issue_id BIGINT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
                \(project), PRIMARY KEY (work_item_id, issue_id)
            )
            """,
            """
            CREATE TABLE collaboration_templates (
                id \(id), \(project) UNIQUE, mode TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
                source_id BIGINT NOT NULL, sync BOOLEAN NOT NULL, creator_uid TEXT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE collaboration_issue_types (
                template_id BIGINT NOT NULL REFERENCES collaboration_templates (id) ON DELETE CASCADE,
                \(project), position BIGINT NOT NULL, type TEXT NOT NULL, status_ids TEXT NOT NULL,
                PRIMARY KEY (template_id, type)
            )
            """,
        ]
        for table in tables { try await db.raw(SQLQueryString(table)).run() }
        // Release codes are numbered like issue and iteration codes: never reused.
        try await db.raw("ALTER TABLE planning_counters ADD COLUMN last_release BIGINT NOT NULL DEFAULT 0").run()
        try await db.create(index: "agile_release_iterations_iteration").on("agile_release_iterations").column("iteration_id").run()
        try await db.create(index: "program_work_item_issues_issue").on("program_work_item_issues").column("issue_id").run()
        try await db.create(index: "program_projects_project").on("program_projects").column("project_key").run()
    }
}
