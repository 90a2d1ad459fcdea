import Foundation
import SQLKit
import SlipwayCore

/// How a task is laid out in the store: its document (`tasks.state`, sealed: what the task is —
/// params, definitions, error, secrets), the columns a run changes (status, times, pending reason,
/// and the runtime context, sealed: job outputs may be secrets) and one `task_progress` row per
/// stage and job (how far it got). A change writes only the parts that differ from what is stored.
extension TaskRepository {
    /// Write `task` where `previous` (nil: unknown) is stored: the status, times and pending reason
    /// when they changed, the document when what it holds changed, the context when it changed, and
    /// the stage and job rows that changed.
    /// `row` is the task's row in `tasks` if known; returns the row written (nil: no such task).
    @discardableResult
    static func write(
        _ task: WorkflowTask, over previous: WorkflowTask?, row known: Int64?, _ box: SecretBox, _ db: any SQLDatabase
    ) async throws -> Int64? {
        try await apply(changes(task, over: previous, box), of: task, row: known, box, db)
    }

    /// What writing `task` over `previous` (nil: unknown) takes: the `tasks` columns to set and
    /// the progress rows to upsert.
    static func changes(_ task: WorkflowTask, over previous: WorkflowTask?, _ box: SecretBox) throws -> TaskChanges {
        var columns: [(String, any Encodable & Sendable)] = []
        if previous.map({ !TaskProgress.sameColumns($0, task) }) ?? true {
            columns += [
                ("status", task.status.rawValue), ("started_at", task.startedAt), ("ended_at", task.endedAt),
                ("pending_reason", task.pendingReason),
            ]
        }
        if previous.map({ !TaskProgress.sameDocument($0, task) }) ?? true {
            columns.append(("state", try Self.seal(TaskProgress.document(of: task), box)))
        }
        if !columns.isEmpty { columns.append(("updated_at", EpochMillis.now())) }
        if previous?.context != task.context {
            columns.append(("context", try Self.sealContext(task.context, box)))
        }
        let rows = previous.map { TaskProgress.changed(task, since: $0) } ?? TaskProgress.all(of: task)
        return TaskChanges(columns: columns, rows: rows)
    }

    /// Write `changes` of `task`, whose row in `tasks` is `known` if given; returns the row written
    /// (nil: no such task).
    static func apply(
        _ changes: TaskChanges, of task: WorkflowTask, row known: Int64?, _ box: SecretBox, _ db: any SQLDatabase
    ) async throws -> Int64? {
        let owner = try await applyColumns(changes, of: task, row: known, db)
        if let owner { try await upsertProgress(changes.rows.map { (owner, $0) }, box, db) }
        return owner
    }

    /// Set the `tasks` columns of `changes` and find the task's row when progress rows follow
    /// (nil: no such task, or nothing more to write). The statement is fixed text with bound
    /// values (the column names are this file's constants); the row is found by the same UPDATE.
    static func applyColumns(_ changes: TaskChanges, of task: WorkflowTask, row known: Int64?, _ db: any SQLDatabase) async throws -> Int64? {
        let needsRow = !changes.rows.isEmpty && known == nil
        if !changes.columns.isEmpty {
            let update = columnUpdate(changes, of: task, row: known)
            guard needsRow else {
                try await db.raw(update).run()
                return known
            }
            // A task deleted meanwhile (its project went) has nothing left to write.
            return try await db.raw(update + " RETURNING id").first(decodingColumn: "id", as: Int64.self)
        }
        guard needsRow else { return known }
        return try await db.raw(
            "SELECT id FROM tasks WHERE workflow_key = \(bind: task.workflowKey) AND task_id = \(bind: task.taskID)"
        ).first(decodingColumn: "id", as: Int64.self)
    }

    /// The UPDATE setting the `tasks` columns of `changes` (some must be set), by row id when known.
    static func columnUpdate(_ changes: TaskChanges, of task: WorkflowTask, row known: Int64?) -> SQLQueryString {
        var update = SQLQueryString("UPDATE tasks SET ")
        for (n, (column, value)) in changes.columns.enumerated() {
            update += "\(unsafeRaw: n == 0 ? "" : ", ")\(unsafeRaw: column) = \(bind: value)"
        }
        if let known { return update + " WHERE id = \(bind: known)" }
        return update + " WHERE workflow_key = \(bind: task.workflowKey) AND task_id = \(bind: task.taskID)"
    }

    /// Insert the stage and job rows of a task just created as row `id` of `tasks` (and its
    /// context, when it has one).
    static func insertProgress(_ task: WorkflowTask, row id: Int64, _ box: SecretBox, _ db: any SQLDatabase) async throws {
        if !task.context.isEmpty {
            try await db.update("tasks").set("context", to: try Self.sealContext(task.context, box)).where("id", .equal, id).run()
        }
        try await upsertProgress(TaskProgress.all(of: task).map { (id, $0) }, box, db)
    }

    /// Write progress `rows`, each of the task in row `owner` of `tasks` (rows of several tasks
    /// go together), one statement per `upsertBatch` rows (a statement binds 12 values a row, and
    /// databases cap the binds of one statement): rows already there are updated, new ones inserted.
    static func upsertProgress(_ rows: [(owner: Int64, row: TaskProgress)], _ box: SecretBox, _ db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: rows.count, by: upsertBatch) {
            try await db.raw(progressUpsert(rows[start..<min(start + upsertBatch, rows.count)], box)).run()
        }
    }

    /// One upsert statement of progress `rows` (at most `upsertBatch`).
    static func progressUpsert(_ rows: ArraySlice<(owner: Int64, row: TaskProgress)>, _ box: SecretBox) throws -> SQLQueryString {
        var statement = SQLQueryString("\(unsafeRaw: Self.upsertHead)")
        for (n, entry) in rows.enumerated() {
            statement += n == 0 ? "(\(bind: entry.owner)" : ", (\(bind: entry.owner)"
            for value in try entry.row.values(box) { statement += ", \(bind: value)" }
            statement += ")"
        }
        return statement + "\(unsafeRaw: Self.upsertTail)"
    }

    /// Rows per upsert statement: 6,000 binds, well under PostgreSQL's 65,535 (and SQLite's cap).
    static let upsertBatch = 500

    /// The fixed text of the progress upsert (column names only, built once: the values are bound).
    static let upsertHead = "INSERT INTO task_progress (\(TaskProgressRow.columns.joined(separator: ", "))) VALUES "
    static let upsertTail =
        " ON CONFLICT (task_row, stage_index, job_index) DO UPDATE SET "
        + TaskProgressRow.columns.dropFirst(3).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    /// The stored form of a task's runtime context ("" when empty).
    static func sealContext(_ context: [String: String], _ box: SecretBox) throws -> String {
        try context.isEmpty ? "" : box.seal(JSONColumn.encode(context))
    }

    /// Whole tasks from their rows of `tasks` (`TaskDocumentRow.columns`) and every
    /// `task_progress` row of those tasks.
    static func assemble(_ rows: [TaskDocumentRow], _ progress: [TaskProgressRow], _ box: SecretBox) throws -> [WorkflowTask] {
        var byTask: [Int64: [TaskProgressRow]] = [:]
        for row in progress { byTask[row.taskRow, default: []].append(row) }
        return try rows.map { row in
            var task = try Self.open(row.state, box)
            task.taskID = row.taskID
            task.status = TaskStatus(rawValue: row.status) ?? .failed
            task.startedAt = row.startedAt
            task.endedAt = row.endedAt
            task.pendingReason = row.pendingReason
            if !row.context.isEmpty {
                task.context = try JSONDecoder().decode([String: String].self, from: Data(box.open(row.context).utf8))
            }
            for stored in byTask[row.id] ?? [] {
                try stored.progress(box).apply(to: &task)
            }
            return task
        }
    }

    /// Tasks whose `tasks` row matches `filter` (columns qualified with `tasks`), whole, in the
    /// order `order` gives.
    static func tasks(
        _ db: any SQLDatabase, _ box: SecretBox, orderBy order: String? = nil, where filter: @escaping (SQLSelectBuilder) -> SQLSelectBuilder
    ) async throws -> [WorkflowTask] {
        var documents = filter(db.select().columns(TaskDocumentRow.columns).from("tasks"))
        if let order { documents = documents.orderBy(order) }
        let rows = try await documents.all(decoding: TaskDocumentRow.self)
        guard !rows.isEmpty else { return [] }
        var progress: [TaskProgressRow] = []
        for chunk in stride(from: 0, to: rows.count, by: 500).map({ Array(rows[$0..<min($0 + 500, rows.count)]) }) {
            progress += try await db.select().column("*").from("task_progress").where("task_row", .in, chunk.map(\.id))
                .all(decoding: TaskProgressRow.self)
        }
        return try Self.assemble(rows, progress, box)
    }

    /// One task, whole.
    static func task(workflowKey: String, taskID: Int, _ box: SecretBox, _ db: any SQLDatabase) async throws -> WorkflowTask? {
        guard
            let row = try await db.select().columns(TaskDocumentRow.columns).from("tasks")
                .where("workflow_key", .equal, workflowKey).where("task_id", .equal, taskID)
                .first(decoding: TaskDocumentRow.self)
        else { return nil }
        let progress = try await db.select().column("*").from("task_progress").where("task_row", .equal, row.id)
            .all(decoding: TaskProgressRow.self)
        return try Self.assemble([row], progress, box).first
    }
}

/// What one task's write sets: `tasks` columns and `task_progress` rows.
struct TaskChanges {
    var columns: [(String, any Encodable & Sendable)]
    var rows: [TaskProgress]

    /// The statements setting the columns and finding the row (when not `known`) take: one
    /// UPDATE finds the row too; the progress rows of a batch go in shared upserts
    /// (`TaskChanges.upserts`).
    func statements(rowKnown: Bool) -> Int {
        columns.isEmpty ? (rows.isEmpty || rowKnown ? 0 : 1) : 1
    }

    /// The upsert statements `rows` progress rows take.
    static func upserts(_ rows: Int) -> Int {
        (rows + TaskRepository.upsertBatch - 1) / TaskRepository.upsertBatch
    }
}

/// The parts of a `tasks` row a whole task is assembled from.
struct TaskDocumentRow: Decodable {
    var id: Int64
    /// The task's number: the sealed state of a task inserted in one statement holds none.
    var taskID: Int
    var state: String
    var context: String
    var status: String
    var startedAt: EpochMillis
    var endedAt: EpochMillis
    var pendingReason: String

    enum CodingKeys: String, CodingKey {
        case id, taskID = "task_id", state, context, status, startedAt = "started_at", endedAt = "ended_at", pendingReason = "pending_reason"
    }

    /// The column names, in the order of `plainColumns` (`TaskRepository+PlainRead`).
    static let columns = plainColumns.map(\.name)
}
