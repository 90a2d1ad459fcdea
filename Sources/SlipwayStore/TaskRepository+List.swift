import SQLKit
import SlipwayCore

/// The list columns of a task row.
struct TaskSummaryRow: Codable {
    var workflowKey: String
    var workflowName: String
    var projectKey: String
    var taskId: Int
    var status: String
    var creator: String
    var createdAt: Int64
    var startedAt: Int64
    var endedAt: Int64
    var startedBy: String

    static let columns = [
        "workflow_key", "workflow_name", "project_key", "task_id", "status", "creator", "created_at", "started_at", "ended_at",
        "started_by",
    ]

    /// The list columns as a plain read asks for them (`readPlain`): a page decodes 50 rows
    /// per request, and the generic row decoder cost several times the reads themselves.
    static let plainColumns: [PlainColumn] = [
        .text("workflow_key"), .text("workflow_name"), .text("project_key"), .int("task_id"), .text("status"), .text("creator"),
        .int("created_at"), .int("started_at"), .int("ended_at"), .text("started_by"),
    ]

    init(_ row: PlainRow) {
        workflowKey = row.text(0)
        workflowName = row.text(1)
        projectKey = row.text(2)
        taskId = Int(row.int(3))
        status = row.text(4)
        creator = row.text(5)
        createdAt = row.int(6)
        startedAt = row.int(7)
        endedAt = row.int(8)
        startedBy = row.text(9)
    }

    var summary: TaskSummary {
        var summary = TaskSummary(
            workflowKey: workflowKey, workflowName: workflowName, projectKey: projectKey, taskID: taskId,
            status: TaskStatus(rawValue: status) ?? .notStarted, creator: creator, createdAt: createdAt, startedAt: startedAt,
            endedAt: endedAt)
        summary.startedBy = startedBy
        return summary
    }
}

/// A workflow's task counter: the last number given out and how many tasks it has.
package struct TaskCounter: Sendable, Equatable {
    package var lastTaskID: Int
    package var taskCount: Int

    package init(lastTaskID: Int, taskCount: Int) {
        self.lastTaskID = lastTaskID
        self.taskCount = taskCount
    }
}

/// The counter as stored.
struct TaskCounterRow: Codable {
    var lastTaskId: Int
    var taskCount: Int

    var counter: TaskCounter { TaskCounter(lastTaskID: lastTaskId, taskCount: taskCount) }
}

/// Pages and counts of tasks. A page reads the list columns only (never the sealed run state),
/// and its total is the workflow's maintained `task_count`, so it costs O(page) at any depth:
///
/// Task numbers of a workflow are 1…`last_task_id`, each at most once (`create` takes the next
/// number and inserts in one transaction; no single task is ever deleted, only a whole workflow
/// with its counter). When `task_count == last_task_id` the numbers are exactly 1…last, so page N
/// starts at `last - (N-1)·size` and is one index range. A workflow with gaps (rows removed by
/// hand or by an older version) falls back to OFFSET over the same index, still correct.
extension TaskRepository {
    /// A page of a workflow's tasks, newest first, with the workflow's task count. `page` is 1-based.
    package func summaries(workflowKey: String, page: Int, pageSize: Int) async throws -> Page<TaskSummary> {
        let counter = try await sql.read { db in try await Self.counter(workflowKey, db) }
        return try await summaries(workflowKey: workflowKey, counter: counter, page: page, pageSize: pageSize)
    }

    /// A page as `summaries(workflowKey:page:pageSize:)` gives it, with the workflow's counter
    /// already read (the access check reads it in the same query: `AccessRepository.access(user:workflowKey:)`).
    package func summaries(workflowKey: String, counter: TaskCounter?, page: Int, pageSize: Int) async throws -> Page<TaskSummary> {
        guard let counter else { return Page(items: [], total: 0) }
        guard let query = Self.pageQuery(workflowKey, counter, PageWindow(page: page, pageSize: pageSize)) else {
            return Page(items: [], total: counter.taskCount)
        }
        let rows = try await sql.readPlain(query, columns: TaskSummaryRow.plainColumns).map { TaskSummaryRow($0).summary }
        return Page(items: rows, total: counter.taskCount)
    }

    /// A page as `summaries(workflowKey:page:pageSize:)` gives it, after an access check that
    /// may have read it already (`AccessRepository.access(user:workflowKey:page:pageSize:)`).
    package func summaries(workflowKey: String, access found: WorkflowAccess, page: Int, pageSize: Int) async throws -> Page<TaskSummary> {
        if let items = found.page { return Page(items: items, total: found.taskCounter?.taskCount ?? 0) }
        return try await summaries(workflowKey: workflowKey, counter: found.taskCounter, page: page, pageSize: pageSize)
    }

    static func counter(_ workflowKey: String, _ db: any SQLDatabase) async throws -> TaskCounter? {
        try await counterByKey(workflowKey, db).first(decoding: TaskCounterRow.self, keyDecodingStrategy: .snakeCase)?.counter
    }

    static let counterByKey = FixedSelect(["last_task_id", "task_count"], from: "workflow_counters", where: "workflow_key")

    /// The select of one page; nil when the page is past the last task. Fixed text with bound
    /// values (a page is the hottest read there is).
    static func pageQuery(_ workflowKey: String, _ counter: TaskCounter, _ window: PageWindow) -> SQLQueryString? {
        guard let skip = window.skip, skip < counter.taskCount, window.size > 0 else { return nil }
        if counter.taskCount == counter.lastTaskID {
            return
                "\(unsafeRaw: pageHead)\(bind: workflowKey) AND task_id <= \(bind: counter.lastTaskID - skip) ORDER BY task_id DESC LIMIT \(bind: window.size)"
        }
        return "\(unsafeRaw: pageHead)\(bind: workflowKey) ORDER BY task_id DESC LIMIT \(bind: window.size) OFFSET \(bind: skip)"
    }

    static let pageHead = "SELECT \(TaskSummaryRow.columns.joined(separator: ", ")) FROM tasks WHERE workflow_key = "

    /// The database's plan for one page (SQLite `EXPLAIN QUERY PLAN` details, PostgreSQL
    /// `EXPLAIN` lines); empty when the page is past the last task. For tests and benchmarks.
    package func summariesPlan(workflowKey: String, page: Int, pageSize: Int) async throws -> [String] {
        try await sql.read { db in
            guard let counter = try await Self.counter(workflowKey, db),
                let query = Self.pageQuery(workflowKey, counter, PageWindow(page: page, pageSize: pageSize))
            else { return [] }
            return try await db.explain(query)
        }
    }

    /// The list columns of one task.
    package func summary(workflowKey: String, taskID: Int) async throws -> TaskSummary? {
        try await sql.read { db in
            try await db.select().columns(TaskSummaryRow.columns).from("tasks")
                .where("workflow_key", .equal, workflowKey).where("task_id", .equal, taskID)
                .first(decoding: TaskSummaryRow.self, keyDecodingStrategy: .snakeCase)?.summary
        }
    }

    /// Counts of tasks by status, for metrics and benchmarks.
    package func count(status: TaskStatus) async throws -> Int {
        try await sql.read { db in try await db.count("tasks") { $0.where("status", .equal, status.rawValue) } }
    }
}
