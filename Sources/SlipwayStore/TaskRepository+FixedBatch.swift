import SQLKit
import SlipwayCore

/// On PostgreSQL a batch of task writes is one statement, which commits by itself (no BEGIN and
/// COMMIT round trips), of few texts: each task whose columns changed has an UPDATE of fixed text
/// by its row id (a flag per column group keeps what did not change), and the changed progress
/// rows go as arrays, one per column, unnested into one upsert. (SQLite has no data-modifying
/// `WITH`; there a batch stays a transaction of its statements.) The text then depends only on how many tasks' columns changed, so the
/// few that recur are prepared statements on every connection, parsed and planned once: batches
/// written with each task's own column list and a row list took 100–180 distinct texts in a
/// benchmark run, most of them unnamed, and parsing and planning were about a sixth of the
/// backends' time. (One UPDATE over unnested arrays instead was planned as a scan of the whole
/// table by the prepared statement's generic plan.)
extension TaskRepository {
    /// The batch as one statement; nil when a task with progress rows to write has no known row
    /// (its UPDATE must return it first), or when there is nothing to write.
    static func fixedBatch(_ writes: [TaskWrite], _ changes: [TaskChanges], _ box: SecretBox) throws -> SQLQueryString? {
        var updates: [SQLQueryString] = []
        var progress = ProgressArrays()
        for (write, change) in zip(writes, changes) {
            if !change.columns.isEmpty { updates.append(fixedUpdate(change, of: write.task, row: write.row)) }
            guard !change.rows.isEmpty else { continue }
            guard let row = write.row else { return nil }
            for entry in change.rows { try progress.append(entry, row: row, box) }
        }
        guard !updates.isEmpty || !progress.rows.isEmpty else { return nil }
        var statement = SQLQueryString("")
        for (n, update) in updates.enumerated() {
            statement += "\(unsafeRaw: n == 0 ? "WITH " : ", ")u\(unsafeRaw: String(n)) AS (" + update + ")"
        }
        return statement + "\(unsafeRaw: updates.isEmpty ? "" : " ")\(unsafeRaw: fixedProgressHead)\(bind: progress.rows), "
            + "\(bind: progress.stages), \(bind: progress.jobs), \(bind: progress.statuses), \(bind: progress.starts), "
            + "\(bind: progress.ends), \(bind: progress.errors), \(bind: progress.retries), \(bind: progress.outputs), "
            + "\(bind: progress.approvals), \(bind: progress.groups), \(bind: progress.noGroup), \(bind: progress.handlers), "
            + "\(bind: progress.noHandler)\(unsafeRaw: fixedProgressTail)"
    }

    /// The UPDATE of `task`'s columns that `change` sets, by its row when known (`row`): the
    /// run's columns, the document and the context each come with a flag, and a group whose flag
    /// is false keeps what is stored.
    static func fixedUpdate(_ change: TaskChanges, of task: WorkflowTask, row: Int64?) -> SQLQueryString {
        let values = Dictionary(change.columns, uniquingKeysWith: { $1 })
        let run = values["status"] != nil
        let state = values["state"] as? String
        let context = values["context"] as? String
        let update: SQLQueryString =
            "UPDATE tasks SET status = CASE WHEN \(bind: run) THEN \(bind: task.status.rawValue) ELSE status END"
            + ", started_at = CASE WHEN \(bind: run) THEN \(bind: task.startedAt) ELSE started_at END"
            + ", ended_at = CASE WHEN \(bind: run) THEN \(bind: task.endedAt) ELSE ended_at END"
            + ", pending_reason = CASE WHEN \(bind: run) THEN \(bind: task.pendingReason) ELSE pending_reason END"
            + ", state = CASE WHEN \(bind: state != nil) THEN \(bind: state ?? "") ELSE state END"
            + ", updated_at = CASE WHEN \(bind: values["updated_at"] != nil) THEN \(bind: values["updated_at"] as? Int64 ?? 0) ELSE updated_at END"
            + ", context = CASE WHEN \(bind: context != nil) THEN \(bind: context ?? "") ELSE context END"
        if let row { return update + " WHERE id = \(bind: row)" }
        return update + " WHERE workflow_key = \(bind: task.workflowKey) AND task_id = \(bind: task.taskID)"
    }

    /// The progress upsert's text around its column arrays (a row per element; `gn` and `hn`
    /// make the process group and the error handler NULL).
    static let fixedProgressHead =
        "INSERT INTO task_progress (\(TaskProgressRow.columns.joined(separator: ", "))) "
        + "SELECT r, s, j, st, sa, ea, e, rc, o, a, CASE WHEN gn THEN NULL ELSE g END, CASE WHEN hn THEN NULL ELSE h END FROM unnest("
    static let fixedProgressTail = ") AS p(r, s, j, st, sa, ea, e, rc, o, a, g, gn, h, hn)" + upsertTail
}

/// A batch's progress rows, one array per column, with a flag for each NULL-able one (`fixedBatch`).
struct ProgressArrays {
    var rows: [Int64] = []
    var stages: [Int64] = []
    var jobs: [Int64] = []
    var statuses: [String] = []
    var starts: [Int64] = []
    var ends: [Int64] = []
    var errors: [String] = []
    var retries: [Int64] = []
    var outputs: [String] = []
    var approvals: [String] = []
    var groups: [Int64] = []
    var noGroup: [Bool] = []
    var handlers: [String] = []
    var noHandler: [Bool] = []

    /// `entry` of the task in row `row`, sealed as `TaskProgress.values` seals it.
    mutating func append(_ entry: TaskProgress, row: Int64, _ box: SecretBox) throws {
        let sealed = try entry.sealedParts(box)
        rows.append(row)
        stages.append(Int64(entry.stageIndex))
        jobs.append(Int64(entry.jobIndex))
        statuses.append(entry.status.rawValue)
        starts.append(entry.startedAt)
        ends.append(entry.endedAt)
        errors.append(entry.error)
        retries.append(Int64(entry.retryCount))
        outputs.append(sealed.outputs)
        approvals.append(sealed.approval)
        groups.append(entry.processGroup.map(Int64.init) ?? 0)
        noGroup.append(entry.processGroup == nil)
        handlers.append(entry.errorHandler ?? "")
        noHandler.append(entry.errorHandler == nil)
    }
}
