import SQLKit

/// CODING project management (issue 16): issues numbered per project (`planning_counters`),
/// their status history, blocking links, requirement–defect links, comments and work logs, and
/// iterations. Everything goes with its project; an issue's links, comments and logs with it.
enum Migration025 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        let project = "project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE"
        try await db.raw(
            """
            CREATE TABLE planning_counters (
                \(unsafeRaw: project) PRIMARY KEY,
                last_issue BIGINT NOT NULL,
                last_iteration BIGINT NOT NULL
            )
            """
        ).run()
        try await db.raw(
            """
            CREATE TABLE iterations (
                id \(unsafeRaw: id),
                \(unsafeRaw: project),
                code BIGINT NOT NULL,
                name TEXT NOT NULL,
                goal TEXT NOT NULL,
                assignee_uid TEXT NOT NULL,
                status TEXT NOT NULL,
                start_at BIGINT NOT NULL,
                end_at BIGINT NOT NULL,
                creator_uid TEXT NOT NULL,
                starter_uid TEXT NOT NULL,
                completer_uid TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (project_key, code)
            )
            """
        ).run()
        try await issues(db, id: id, project: project)
        try await links(db, id: id, project: project)
    }

    /// Issues, and the indexes the list's filters and sorts use (each ends in `code`, the default order);
    /// `issues_filter` covers the common type + status + priority + assignee search and its count.
    static func issues(_ db: any SQLDatabase, id: String, project: String) async throws {
        try await db.raw(
            """
            CREATE TABLE issues (
                id \(unsafeRaw: id),
                \(unsafeRaw: project),
                code BIGINT NOT NULL,
                type TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                status_id BIGINT NOT NULL,
                priority TEXT NOT NULL,
                assignee_uid TEXT NOT NULL,
                creator_uid TEXT NOT NULL,
                parent_id BIGINT REFERENCES issues (id) ON DELETE SET NULL,
                iteration_id BIGINT REFERENCES iterations (id) ON DELETE SET NULL,
                start_date BIGINT NOT NULL,
                due_date BIGINT NOT NULL,
                completed_at BIGINT NOT NULL,
                working_hours DOUBLE PRECISION NOT NULL,
                spent_hours DOUBLE PRECISION NOT NULL,
                remaining_hours DOUBLE PRECISION NOT NULL,
                story_point TEXT NOT NULL,
                watchers TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (project_key, code)
            )
            """
        ).run()
        let indexes: [(String, [String])] = [
            ("issues_type", ["project_key", "type", "code"]),
            ("issues_status", ["project_key", "status_id", "code"]),
            ("issues_assignee", ["project_key", "assignee_uid", "code"]),
            ("issues_iteration", ["iteration_id", "code"]),
            ("issues_parent", ["parent_id"]),
            ("issues_filter", ["project_key", "type", "status_id", "priority", "assignee_uid", "code"]),
        ]
        for (name, columns) in indexes {
            var create = db.create(index: name).on("issues")
            for column in columns { create = create.column(column) }
            try await create.run()
        }
    }

    /// What hangs off an issue: status history, blocks, defect links, comments, work logs.
    static func links(_ db: any SQLDatabase, id: String, project: String) async throws {
        let issue = "REFERENCES issues (id) ON DELETE CASCADE"
        let tables = [
            """
            CREATE TABLE issue_status_logs (
                id \(id), \(project), issue_id BIGINT NOT NULL \(issue),
                status_id BIGINT NOT NULL, creator_uid TEXT NOT NULL, created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE issue_blocks (
                \(project), issue_id BIGINT NOT NULL \(issue), blocker_id BIGINT NOT NULL \(issue),
                PRIMARY KEY (issue_id, blocker_id)
            )
            """,
            """
            CREATE TABLE issue_defect_links (
                \(project), defect_id BIGINT PRIMARY KEY \(issue), requirement_id BIGINT NOT NULL \(issue)
            )
            """,
            """
            CREATE TABLE issue_comments (
                id \(id), \(project), issue_id BIGINT NOT NULL \(issue), parent_id BIGINT NOT NULL,
                content TEXT NOT NULL, creator_uid TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE issue_work_logs (
                id \(id), \(project), issue_id BIGINT NOT NULL \(issue), user_uid TEXT NOT NULL,
                spent_hours DOUBLE PRECISION NOT NULL, remaining_hours DOUBLE PRECISION NOT NULL,
                start_at BIGINT NOT NULL, description TEXT NOT NULL, created_at BIGINT NOT NULL
            )
            """,
        ]
        for table in tables { try await db.raw(SQLQueryString(table)).run() }
        try await db.create(index: "issue_status_logs_issue").on("issue_status_logs").column("issue_id").run()
        try await db.create(index: "issue_blocks_blocker").on("issue_blocks").column("blocker_id").run()
        try await db.create(index: "issue_defect_links_requirement").on("issue_defect_links").column("requirement_id").run()
        try await db.create(index: "issue_comments_issue").on("issue_comments").column("issue_id").run()
        try await db.create(index: "issue_work_logs_issue").on("issue_work_logs").column("issue_id").run()
    }
}
