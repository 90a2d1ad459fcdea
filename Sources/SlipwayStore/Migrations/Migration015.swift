import Foundation
import SQLKit
import SlipwayCore

/// Lists at O(page). Tasks keep their workflow's display name as a column (so a list never opens
/// a run state) and each workflow counts its tasks in `workflow_counters.task_count`, kept in the
/// insert's transaction. Both are backfilled; counters are repaired so `last_task_id` is never
/// below a stored task number. SQLite gets a covering index for the list columns: there the new
/// `workflow_name` column lies after the sealed state, and a covering index keeps a page from
/// reading state pages at all. PostgreSQL pages over the `(workflow_key, task_id)` unique index
/// (the state is TOASTed or compressed apart from the list columns). The other growing lists
/// (operation logs, webhook deliveries, merge requests, dispatches) are `Migration015+Lists`.
enum Migration015 {
    static let version = 15

    @Sendable static func apply(_ db: any SQLDatabase, _ box: SecretBox) async throws {
        try await db.raw("ALTER TABLE tasks ADD COLUMN workflow_name TEXT NOT NULL DEFAULT ''").run()
        try await db.raw("ALTER TABLE workflow_counters ADD COLUMN task_count BIGINT NOT NULL DEFAULT 0").run()
        try await backfillWorkflowNames(db, box)
        try await repairCounters(db)
        if db.dialect.name == "sqlite" {
            try await db.create(index: "tasks_list").on("tasks")
                .column("workflow_key").column("task_id").column("project_key").column("status").column("creator")
                .column("created_at").column("started_at").column("ended_at").column("workflow_name")
                .run()
        }
        try await applyToLists(db)
    }

    /// The name each task was created under, read from its own state (a workflow renamed since
    /// keeps its old tasks' names), in batches by row id.
    static func backfillWorkflowNames(_ db: any SQLDatabase, _ box: SecretBox) async throws {
        struct Named: Decodable { var workflowName: String }
        var last: Int64 = 0
        while true {
            let rows = try await db.select().columns("id", "state").from("tasks").where("id", .greaterThan, last)
                .orderBy("id").limit(500).all()
            guard !rows.isEmpty else { return }
            var byName: [String: [Int64]] = [:]
            for row in rows {
                last = try row.decode(column: "id", as: Int64.self)
                let state = try box.open(try row.decode(column: "state", as: String.self))
                let name = (try? JSONDecoder().decode(Named.self, from: Data(state.utf8)).workflowName) ?? ""
                byName[name, default: []].append(last)
            }
            for (name, ids) in byName where !name.isEmpty {
                try await db.update("tasks").set("workflow_name", to: SQLBind(name)).where("id", .in, ids).run()
            }
        }
    }

    /// Every workflow with tasks has a counter; `task_count` is its number of tasks and
    /// `last_task_id` at least its highest task number.
    static func repairCounters(_ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO workflow_counters (workflow_key, project_key, last_task_id, task_count)
            SELECT t.workflow_key, MIN(t.project_key), MAX(t.task_id), 0 FROM tasks t
            WHERE NOT EXISTS (SELECT 1 FROM workflow_counters c WHERE c.workflow_key = t.workflow_key)
            GROUP BY t.workflow_key
            """
        ).run()
        try await db.raw(
            """
            UPDATE workflow_counters SET task_count = (SELECT COUNT(*) FROM tasks t WHERE t.workflow_key = workflow_counters.workflow_key)
            """
        ).run()
        try await db.raw(
            """
            UPDATE workflow_counters SET last_task_id = (SELECT MAX(t.task_id) FROM tasks t WHERE t.workflow_key = workflow_counters.workflow_key)
            WHERE last_task_id < (SELECT MAX(t.task_id) FROM tasks t WHERE t.workflow_key = workflow_counters.workflow_key)
            """
        ).run()
    }
}
