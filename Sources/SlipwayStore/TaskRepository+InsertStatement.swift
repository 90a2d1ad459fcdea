import SQLKit
import SlipwayCore

/// On PostgreSQL a new task is one statement: the counter upsert numbers and counts it, the task
/// row takes that number, and its progress rows take the new row's id, each a data-modifying
/// `WITH` part. It commits by itself: one round trip instead of BEGIN, three statements and
/// COMMIT. The sealed document cannot hold a number not drawn yet, so it is sealed with none;
/// reads take the number from the `task_id` column (`assemble`).
extension TaskRepository {
    /// The statement inserting `task` with its sealed `document` and `context`; it returns the
    /// new row's `id` and `task_id`. Nil when the progress rows need more than one statement.
    static func insertStatement(_ task: WorkflowTask, document: String, context: String, _ box: SecretBox) throws -> SQLQueryString? {
        let progress = TaskProgress.all(of: task)
        guard progress.count <= upsertBatch else { return nil }
        var statement = SQLQueryString(
            "WITH n AS (\(unsafeRaw: nextNumber)\(bind: task.workflowKey), \(bind: task.projectKey), 1, 1)\(unsafeRaw: nextNumberTail)), ")
        statement += "t AS (\(unsafeRaw: insertHead)\(bind: task.workflowKey), (SELECT last_task_id FROM n)"
        let values: [any Encodable & Sendable] = [
            task.projectKey, task.status.rawValue, task.creator, task.createdAt, task.startedAt, task.endedAt, document,
            EpochMillis.now(), task.workflowName, task.pendingReason, context, task.startedBy ?? "",
        ]
        for value in values { statement += ", \(bind: value)" }
        statement += ") RETURNING id, task_id)"
        if !progress.isEmpty {
            statement += ", p AS (\(unsafeRaw: upsertHead)"
            for (n, row) in progress.enumerated() {
                statement += "\(unsafeRaw: n == 0 ? "" : ", ")((SELECT id FROM t)"
                for value in try row.values(box) { statement += ", \(bind: value)" }
                statement += ")"
            }
            statement += ")"
        }
        return statement + " SELECT id, task_id FROM t"
    }
}
