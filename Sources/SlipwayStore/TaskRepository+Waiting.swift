import SQLKit
import SlipwayCore

/// What the scheduler reads and writes of a waiting task: one column each, no document.
extension TaskRepository {
    /// The stored status of a task; nil when there is no such task.
    package func status(workflowKey: String, taskID: Int) async throws -> TaskStatus? {
        try await sql.read { db in
            let raw = try await db.raw("SELECT status FROM tasks WHERE workflow_key = \(bind: workflowKey) AND task_id = \(bind: taskID)")
                .first(decodingColumn: "status", as: String.self)
            return raw.map { TaskStatus(rawValue: $0) ?? .failed }
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

    /// What starting a waiting task needs, in one read: its workflow's `concurrency_limit` (nil:
    /// no such workflow) and the task's stored status (nil: no such task).
    package func launchState(workflowKey: String, taskID: Int) async throws -> (limit: Int?, status: TaskStatus?) {
        let rows = try await sql.readPlain(
            """
            SELECT w.concurrency_limit, t.status FROM workflows w LEFT JOIN tasks t \
            ON t.workflow_key = w.workflow_key AND t.task_id = \(bind: taskID) WHERE w.workflow_key = \(bind: workflowKey)
            """, columns: [.int("concurrency_limit"), .text("status")])
        guard let row = rows.first else { return (nil, nil) }
        let status = row.text(1)
        return (Int(row.int(0)), status.isEmpty ? nil : TaskStatus(rawValue: status) ?? .failed)
    }
}
