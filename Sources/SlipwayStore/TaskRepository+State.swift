import Foundation
import SQLKit
import SlipwayCore

/// Reading and writing one task's run state.
extension TaskRepository {
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

    /// Every task not yet finished, oldest first: what the engine reloads on start.
    package func unfinished() async throws -> [WorkflowTask] {
        try await sql.read { [box] db in
            try await db.select().column("state").from("tasks").where("status", .in, Self.liveStatuses).orderBy("id")
                .all(decoding: TaskStateRow.self)
                .map { try Self.open($0.state, box) }
        }
    }
}
