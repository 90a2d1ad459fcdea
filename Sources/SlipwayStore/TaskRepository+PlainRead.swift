import SQLKit
import SlipwayCore

/// One whole task by two fixed-text plain reads (`SQLStore.readPlainPrepared`): its `tasks` row,
/// then its progress rows. The engine reads a task this way when it starts one it did not keep
/// (a backlog past `Engine.maxKeptWaiting`); on PostgreSQL, planning the two reads cost 0.16 and
/// 0.07 ms a call against 0.04 and 0.05 ms of running them, and SQLKit's general row decoder
/// more on the server.
extension TaskRepository {
    static let documentByNumber =
        "SELECT \(TaskDocumentRow.columns.joined(separator: ", ")) FROM tasks WHERE workflow_key = "
    static let progressByRow = "SELECT \(TaskProgressRow.columns.joined(separator: ", ")) FROM task_progress WHERE task_row = "

    static func task(workflowKey: String, taskID: Int, _ box: SecretBox, _ sql: any SQLStore) async throws -> WorkflowTask? {
        let rows = try await sql.readPlainPrepared(
            "\(unsafeRaw: documentByNumber)\(bind: workflowKey) AND task_id = \(bind: taskID)", columns: TaskDocumentRow.plainColumns)
        guard let row = rows.first.map(TaskDocumentRow.init) else { return nil }
        let progress = try await sql.readPlainPrepared("\(unsafeRaw: progressByRow)\(bind: row.id)", columns: TaskProgressRow.plainColumns)
        return try assemble([row], progress.map(TaskProgressRow.init), box).first
    }
}

extension TaskDocumentRow: PlainReadable {
    /// The columns read, and their names for SQLKit's reads (`columns`).
    static let plainColumns: [PlainColumn] = [
        .int("id"), .int("task_id"), .text("state"), .text("context"), .text("status"), .int("started_at"), .int("ended_at"),
        .text("pending_reason"),
    ]

    init(_ row: PlainRow) {
        self.init(
            id: row.int(0), taskID: Int(row.int(1)), state: row.text(2), context: row.text(3), status: row.text(4),
            startedAt: row.int(5), endedAt: row.int(6), pendingReason: row.text(7))
    }
}

extension TaskProgressRow: PlainReadable {
    /// The columns, in the order `TaskProgress.values` binds them (`columns`).
    static let plainColumns: [PlainColumn] = [
        .int("task_row"), .int("stage_index"), .int("job_index"), .text("status"), .int("started_at"), .int("ended_at"), .text("error"),
        .int("retry_count"), .text("outputs"), .text("approval"), .int("process_group"), .text("error_handler"),
    ]

    init(_ row: PlainRow) {
        self.init(
            taskRow: row.int(0), stageIndex: Int(row.int(1)), jobIndex: Int(row.int(2)), status: row.text(3), startedAt: row.int(4),
            endedAt: row.int(5), error: row.text(6), retryCount: Int(row.int(7)), outputs: row.text(8), approval: row.text(9),
            processGroup: row.isNull(10) ? nil : row.int(10), errorHandler: row.isNull(11) ? nil : row.text(11))
    }
}
