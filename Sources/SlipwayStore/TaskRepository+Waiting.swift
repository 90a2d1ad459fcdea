import SQLKit
import SlipwayCore

/// What the scheduler writes of a waiting task (one column, no document), and how it reads
/// waiting tasks it did not keep.
extension TaskRepository {
    /// Whole tasks of workflow `workflowKey` numbered `taskIDs`, those that are stored, in no
    /// set order: one read (two statements) for a batch of a backlog.
    package func get(workflowKey: String, taskIDs: [Int]) async throws -> [WorkflowTask] {
        guard !taskIDs.isEmpty else { return [] }
        return try await sql.read { [box] db in
            try await Self.tasks(db, box) {
                $0.where(SQLColumn("workflow_key", table: "tasks"), .equal, SQLBind(workflowKey))
                    .where(SQLColumn("task_id", table: "tasks"), .in, SQLBind.group(taskIDs))
            }
        }
    }

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
