import Foundation
import SQLKit
import SlipwayCore

struct TaskStateRow: Codable {
    var state: String
}

/// Workflow tasks. The whole run state is one JSON document per task, sealed with the store's key
/// (it holds parameter values, rendered job specs and the task's secrets); status and times are
/// also columns so the scheduler and lists can query them.
package struct TaskRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox

    /// The stored form of a task's state.
    static func seal(_ task: WorkflowTask, _ box: SecretBox) throws -> String {
        try box.seal(JSONColumn.encode(task))
    }

    /// A task from its stored state (sealed, or plaintext from before encryption).
    static func open(_ state: String, _ box: SecretBox) throws -> WorkflowTask {
        try JSONDecoder().decode(WorkflowTask.self, from: Data(box.open(state).utf8))
    }

    /// Statuses of tasks that hold or wait for a slot.
    package static let liveStatuses: [String] = [
        TaskStatus.created, .waiting, .queued, .running, .prepare, .waitForApproval, .waitForManualErrorHandling,
    ].map(\.rawValue)

    /// Insert a new task, numbering it after the workflow's last one (1, 2, 3…). Returns the stored task.
    package func create(_ task: WorkflowTask) async throws -> WorkflowTask {
        try await sql.write { [box] db in
            try await db.insert(into: "workflow_counters").columns("workflow_key", "project_key", "last_task_id")
                .values(SQLBind(task.workflowKey), SQLBind(task.projectKey), SQLBind(0))
                .ignoringConflicts(with: ["workflow_key"]).run()
            let next =
                try await db.raw(
                    """
                    UPDATE workflow_counters SET last_task_id = last_task_id + 1 WHERE workflow_key = \(bind: task.workflowKey) RETURNING last_task_id
                    """
                ).first(decodingColumn: "last_task_id", as: Int.self) ?? 1
            var numbered = task
            numbered.taskID = next
            try await db.insert(into: "tasks")
                .columns("workflow_key", "task_id", "project_key", "status", "creator", "created_at", "started_at", "ended_at", "state", "updated_at")
                .values(
                    SQLBind(numbered.workflowKey), SQLBind(next), SQLBind(numbered.projectKey), SQLBind(numbered.status.rawValue),
                    SQLBind(numbered.creator), SQLBind(numbered.createdAt), SQLBind(numbered.startedAt),
                    SQLBind(numbered.endedAt), SQLBind(try Self.seal(numbered, box)), SQLBind(EpochMillis.now())
                )
                .run()
            return numbered
        }
    }

    /// Write a task's current state.
    package func save(_ task: WorkflowTask) async throws {
        try await sql.write { [box] db in try await Self.save(task, box, db) }
    }

    static func save(_ task: WorkflowTask, _ box: SecretBox, _ db: any SQLDatabase) async throws {
        try await db.update("tasks")
            .set("status", to: task.status.rawValue).set("started_at", to: task.startedAt).set("ended_at", to: task.endedAt)
            .set("state", to: try Self.seal(task, box)).set("updated_at", to: EpochMillis.now())
            .where("workflow_key", .equal, task.workflowKey).where("task_id", .equal, task.taskID).run()
    }

    /// Read-modify-write one task atomically. `change` may throw to abort without writing.
    @discardableResult
    package func update(workflowKey: String, taskID: Int, _ change: @Sendable (inout WorkflowTask) throws -> Void) async throws -> WorkflowTask {
        try await sql.write { [box] db in
            guard var task = try await Self.get(workflowKey: workflowKey, taskID: taskID, box, db) else {
                throw SlipwayError.notFound("task \(workflowKey):\(taskID) not found")
            }
            try change(&task)
            try await Self.save(task, box, db)
            return task
        }
    }

    package func get(workflowKey: String, taskID: Int) async throws -> WorkflowTask? {
        try await sql.read { [box] db in try await Self.get(workflowKey: workflowKey, taskID: taskID, box, db) }
    }

    static func get(workflowKey: String, taskID: Int, _ box: SecretBox, _ db: any SQLDatabase) async throws -> WorkflowTask? {
        guard
            let row = try await db.select().column("state").from("tasks")
                .where("workflow_key", .equal, workflowKey).where("task_id", .equal, taskID)
                .first(decoding: TaskStateRow.self)
        else { return nil }
        return try Self.open(row.state, box)
    }

    /// A workflow's tasks, newest first.
    package func list(workflowKey: String, page: Int, pageSize: Int) async throws -> Page<WorkflowTask> {
        try await sql.read { [box] db in
            let result = try await db.page("tasks", as: TaskStateRow.self, page: page, pageSize: pageSize, orderBy: "task_id", descending: true) {
                $0.where("workflow_key", .equal, workflowKey)
            }
            return Page(items: try result.rows.map { try Self.open($0.state, box) }, total: result.total)
        }
    }

    /// Every task not yet finished, oldest first: what the engine reloads on start.
    package func unfinished() async throws -> [WorkflowTask] {
        try await sql.read { [box] db in
            try await db.select().column("state").from("tasks").where("status", .in, Self.liveStatuses).orderBy("id")
                .all(decoding: TaskStateRow.self)
                .map { try Self.open($0.state, box) }
        }
    }

    /// Counts of tasks by status, for metrics and benchmarks.
    package func count(status: TaskStatus) async throws -> Int {
        try await sql.read { db in try await db.count("tasks") { $0.where("status", .equal, status.rawValue) } }
    }
}
