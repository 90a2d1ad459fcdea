import SQLKit
import SlipwayCore

/// What the scheduler writes of a waiting task: one column, no document.
extension TaskRepository {
    /// Record why a waiting task waits. Returns false (and writes nothing) when the task is gone
    /// or no longer waiting.
    package func setPendingReason(workflowKey: String, taskID: Int, _ reason: String) async throws -> Bool {
        try await sql.writeStatement { db in
            let changed = try await db.raw(
                """
                UPDATE tasks SET pending_reason = \(bind: reason), updated_at = \(bind: EpochMillis.now()) \
                WHERE workflow_key = \(bind: workflowKey) AND task_id = \(bind: taskID) AND status = \(bind: TaskStatus.waiting.rawValue) RETURNING id
                """
            ).all()
            return !changed.isEmpty
        }
    }
}
