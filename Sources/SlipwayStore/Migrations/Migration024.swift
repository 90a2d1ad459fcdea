import SQLKit

/// Zadig release plans: the plan as a JSON document with its status and a revision (every write
/// names the revision it read), the users taking part (manager, approvers: who may read it), and
/// its history. Plans are server-wide, not owned by a project. Delivery versions (§8) are one
/// JSON document each, owned by their project, unique by name in it.
enum Migration024 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "release_plans")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("plan_index", type: .bigint, .notNull, .unique)
            .column("status", type: .text, .notNull)
            .column("revision", type: .bigint, .notNull)
            .column("create_time", type: .bigint, .notNull)
            .column("document", type: .text, .notNull)
            .run()
        try await db.create(index: "release_plans_status").on("release_plans").column("status").run()
        try await db.raw(
            """
            CREATE TABLE release_plan_participants (
                plan_id TEXT NOT NULL REFERENCES release_plans (id) ON DELETE CASCADE,
                user_uid TEXT NOT NULL,
                PRIMARY KEY (plan_id, user_uid)
            )
            """
        ).run()
        try await db.create(index: "release_plan_participants_user").on("release_plan_participants").column("user_uid").run()
        try await db.raw(
            """
            CREATE TABLE release_plan_logs (
                plan_id TEXT NOT NULL REFERENCES release_plans (id) ON DELETE CASCADE,
                position BIGINT NOT NULL,
                entry TEXT NOT NULL,
                PRIMARY KEY (plan_id, position)
            )
            """
        ).run()
        try await db.raw("INSERT INTO row_counters (name, n) VALUES ('release_plans', 0)").run()
        try await db.raw(
            """
            CREATE TABLE delivery_versions (
                id TEXT PRIMARY KEY,
                project_key TEXT NOT NULL REFERENCES projects (project_key) ON DELETE CASCADE ON UPDATE CASCADE,
                version_name TEXT NOT NULL,
                position BIGINT NOT NULL,
                status TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                document TEXT NOT NULL,
                UNIQUE (project_key, version_name)
            )
            """
        ).run()
        try await db.create(index: "delivery_versions_project").on("delivery_versions").column("project_key").column("position").run()
        try await db.raw("INSERT INTO row_counters (name, n) VALUES ('delivery_versions', 0)").run()
    }
}
