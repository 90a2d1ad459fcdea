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
        try await insert(task).task
    }

    /// Insert a new task as `create` does; also returns its row in `tasks`, which a writer that
    /// hands it to `TaskWrite` spares a lookup.
    package func insert(_ task: WorkflowTask) async throws -> (task: WorkflowTask, row: Int64) {
        let context = try Self.sealContext(task.context, box)
        if sql.dialectName == "postgresql",
            let statement = try Self.insertStatement(task, document: Self.seal(TaskProgress.document(of: task), box), context: context, box)
        {
            let stored = try await sql.writePlainPrepared(statement, columns: [.int("id"), .int("task_id")]).first
            guard let stored, !stored.isNull(0), !stored.isNull(1) else {
                throw SlipwayError.internalError("task of \(task.workflowKey) was not stored")
            }
            var numbered = task
            numbered.taskID = Int(stored.int(1))
            return (numbered, stored.int(0))
        }
        return try await sql.write { [box] db in
            // Number and count in one statement: the counter row is made by the workflow's first task.
            let next =
                try await db.raw("\(unsafeRaw: Self.nextNumber)\(bind: task.workflowKey), \(bind: task.projectKey), 1, 1)\(unsafeRaw: Self.nextNumberTail)")
                .first(decodingColumn: "last_task_id", as: Int.self) ?? 1
            var numbered = task
            numbered.taskID = next
            let document = try Self.seal(TaskProgress.document(of: numbered), box)
            var insert = SQLQueryString("\(unsafeRaw: Self.insertHead)")
            let values: [any Encodable & Sendable] = [
                numbered.workflowKey, next, numbered.projectKey, numbered.status.rawValue, numbered.creator, numbered.createdAt,
                numbered.startedAt, numbered.endedAt, document, EpochMillis.now(), numbered.workflowName, numbered.pendingReason, context,
                numbered.startedBy ?? "",
            ]
            for (n, value) in values.enumerated() { insert += n == 0 ? "\(bind: value)" : ", \(bind: value)" }
            insert += ") RETURNING id"
            guard let row = try await db.raw(insert).first(decodingColumn: "id", as: Int64.self) else {
                throw SlipwayError.internalError("task \(numbered.workflowKey):\(next) was not stored")
            }
            try await Self.upsertProgress(TaskProgress.all(of: numbered).map { (row, $0) }, box, db)
            return (numbered, row)
        }
    }

    /// The counter upsert: the next task number of a workflow, and one more task counted.
    static let nextNumber = "INSERT INTO workflow_counters (workflow_key, project_key, last_task_id, task_count) VALUES ("
    static let nextNumberTail =
        " ON CONFLICT (workflow_key) DO UPDATE SET last_task_id = workflow_counters.last_task_id + 1,"
        + " task_count = workflow_counters.task_count + 1 RETURNING last_task_id"
    static let insertHead = """
        INSERT INTO tasks (workflow_key, task_id, project_key, status, creator, created_at, started_at, ended_at, state, \
        updated_at, workflow_name, pending_reason, context, started_by) VALUES (
        """
}
