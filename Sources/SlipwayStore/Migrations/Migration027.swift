import SQLKit

/// CODING wiki (issue 16): pages numbered per project (`wiki_counters`) in a tree, each change a
/// commit of the project's wiki repository recorded as a page version; ZIP import/update jobs;
/// and uploads (files users send for a purpose in a project). Everything goes with its project.
enum Migration027 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        let project = "project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE"
        let statements = [
            """
            CREATE TABLE wiki_counters (
                \(project) PRIMARY KEY,
                last_iid BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE wiki_pages (
                id \(id),
                \(project),
                iid BIGINT NOT NULL,
                parent_iid BIGINT NOT NULL,
                title TEXT NOT NULL,
                position BIGINT NOT NULL,
                creator_uid TEXT NOT NULL,
                editor_uid TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (project_key, iid)
            )
            """,
            "CREATE INDEX wiki_pages_parent ON wiki_pages (project_key, parent_iid, position)",
            """
            CREATE TABLE wiki_versions (
                id \(id),
                \(project),
                page_id BIGINT NOT NULL REFERENCES wiki_pages (id) ON DELETE CASCADE,
                number BIGINT NOT NULL,
                commit_sha TEXT NOT NULL,
                title TEXT NOT NULL,
                message TEXT NOT NULL,
                editor_uid TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (page_id, number)
            )
            """,
            """
            CREATE TABLE wiki_jobs (
                id TEXT PRIMARY KEY,
                \(project),
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                target_iid BIGINT NOT NULL,
                upload_key TEXT NOT NULL,
                creator_uid TEXT NOT NULL,
                message TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE uploads (
                upload_key TEXT PRIMARY KEY,
                \(project),
                purpose TEXT NOT NULL,
                owner_uid TEXT NOT NULL,
                file_name TEXT NOT NULL,
                secret_hash TEXT NOT NULL,
                expires_at BIGINT NOT NULL,
                size BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
        ]
        for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
    }
}
