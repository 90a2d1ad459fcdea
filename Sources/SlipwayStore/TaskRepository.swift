import Foundation
import SQLKit
import SlipwayCore

/// Workflow tasks. Each task is a JSON document sealed with the store's key (it holds parameter
/// values, rendered job specs and the task's secrets), a sealed runtime context, and one
/// `task_progress` row per stage and job (`TaskRepository+Progress`); status and times are also
/// columns so the scheduler and lists can query them.
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
                    UPDATE workflow_counters SET last_task_id = last_task_id + 1, task_count = task_count + 1 WHERE workflow_key = \(bind: task.workflowKey) RETURNING last_task_id
                    """
                ).first(decodingColumn: "last_task_id", as: Int.self) ?? 1
            var numbered = task
            numbered.taskID = next
            let row = try await db.insert(into: "tasks")
                .columns(
                    "workflow_key", "task_id", "project_key", "status", "creator", "created_at", "started_at", "ended_at", "state", "updated_at",
                    "workflow_name", "pending_reason"
                )
                .values(
                    SQLBind(numbered.workflowKey), SQLBind(next), SQLBind(numbered.projectKey), SQLBind(numbered.status.rawValue),
                    SQLBind(numbered.creator), SQLBind(numbered.createdAt), SQLBind(numbered.startedAt),
                    SQLBind(numbered.endedAt), SQLBind(try Self.seal(TaskProgress.document(of: numbered), box)), SQLBind(EpochMillis.now()),
                    SQLBind(numbered.workflowName), SQLBind(numbered.pendingReason)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self)
            guard let row else { throw SlipwayError.internalError("task \(numbered.workflowKey):\(next) was not stored") }
            try await Self.insertProgress(numbered, row: row, box, db)
            return numbered
        }
    }
}
