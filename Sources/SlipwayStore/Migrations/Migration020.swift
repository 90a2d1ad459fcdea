import SQLKit

/// What started a task when no person's run call did (a `workflow-trigger` job of another task),
/// kept as a list column so the run list can show it without opening the task. On SQLite the
/// list's covering index gains the column, so a page still reads the index alone.
enum Migration020 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.alter(table: "tasks").column("started_by", type: .text, .notNull, .default("")).run()
        if db.dialect.name == "sqlite" {
            try await db.drop(index: "tasks_list").run()
            try await db.create(index: "tasks_list").on("tasks")
                .column("workflow_key").column("task_id").column("project_key").column("status").column("creator")
                .column("created_at").column("started_at").column("ended_at").column("workflow_name").column("started_by")
                .run()
        }
    }
}
