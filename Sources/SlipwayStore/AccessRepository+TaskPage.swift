import SQLKit
import SlipwayCore

/// The task list's read on PostgreSQL: the access check of a workflow and the page of its tasks
/// in one statement, so that a list request makes two round trips (the token, then this) instead
/// of three (issue 12). SQLite has no round trip to save, and preparing this join cost more than
/// the two simple statements it replaces (list 2,009 against 2,493 req/s under wrk), so there
/// the check and the page stay apart.
///
/// The page is the keyset range `TaskRepository.pageQuery` reads when the workflow's task numbers
/// have no gaps; with gaps (or a page past any integer) the page is not read here and
/// `TaskRepository.summaries(workflowKey:access:page:pageSize:)` falls back to its own query.
/// The rows are read before the decision: a caller who may not read them never gets them.
extension AccessRepository {
    /// `access(user:workflowKey:)`, with the page `page` of `pageSize` tasks (1-based, newest
    /// first) in `WorkflowAccess.page` when one statement could read it.
    package func access(user: User, workflowKey: String, page: Int, pageSize: Int) async throws -> WorkflowAccess? {
        let window = PageWindow(page: page, pageSize: pageSize)
        guard sql.dialectName == "postgresql", let skip = window.skip, window.size > 0 else {
            return try await access(user: user, workflowKey: workflowKey)
        }
        let query: SQLQueryString =
            "\(unsafeRaw: Self.accessWithPageHead)\(bind: workflowKey) AND task_id <= (SELECT last_task_id - \(bind: skip)"
            + " FROM workflow_counters WHERE workflow_key = \(bind: workflowKey) AND task_count = last_task_id)"
            + " ORDER BY task_id DESC LIMIT \(bind: window.size)) t ON 1 = 1 WHERE w.workflow_key = \(bind: workflowKey)"
        let rows = try await sql.readPlainPrepared(query, columns: Self.accessWithPageColumns)
        guard let first = rows.first else { return nil }
        let projectKey = first.text(0)
        let isPublic = first.int(1) != 0
        let counter = first.isNull(2) || first.isNull(3) ? nil : TaskCounter(lastTaskID: Int(first.int(2)), taskCount: Int(first.int(3)))
        let access =
            user.isAdmin
            ? ProjectAccess(isSystemAdmin: true, projectIsPublic: isPublic, roles: [])
            : try await sql.read { db in try await Self.access(user: user, projectKey: projectKey, isPublic: isPublic, db) }
        var found = WorkflowAccess(projectKey: projectKey, access: access, taskCounter: counter)
        if let counter, counter.taskCount == counter.lastTaskID {
            // A join keeps no order of its own.
            found.page = rows.filter { !$0.isNull(Self.taskColumnsStart + 3) }
                .map { TaskSummaryRow(PlainRow(values: Array($0.values.dropFirst(Self.taskColumnsStart)))).summary }
                .sorted { $0.taskID > $1.taskID }
        } else if counter == nil {
            found.page = []
        }
        return found
    }

    /// Where the task columns begin in a row of the read.
    static let taskColumnsStart = 4

    static let accessWithPageColumns: [PlainColumn] =
        [.text("access_project"), .int("access_public"), .int("counter_last"), .int("counter_count")]
        + TaskSummaryRow.plainColumns.map { column in
            switch column {
            case .text(let name): .text("task_" + name)
            case .int(let name): .int("task_" + name)
            }
        }

    static let accessWithPageHead =
        "SELECT p.project_key AS access_project, p.is_public AS access_public, c.last_task_id AS counter_last,"
        + " c.task_count AS counter_count, "
        + TaskSummaryRow.columns.map { "t.\($0) AS task_\($0)" }.joined(separator: ", ")
        + " FROM workflows w JOIN projects p ON p.project_key = w.project_key"
        + " LEFT JOIN workflow_counters c ON c.workflow_key = w.workflow_key"
        + " LEFT JOIN (SELECT \(TaskSummaryRow.columns.joined(separator: ", ")) FROM tasks WHERE workflow_key = "
}
