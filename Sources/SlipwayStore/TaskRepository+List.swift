import SQLKit
import SlipwayCore

/// Pages and counts of tasks.
extension TaskRepository {
    /// A workflow's tasks, newest first.
    package func list(workflowKey: String, page: Int, pageSize: Int) async throws -> Page<WorkflowTask> {
        try await sql.read { [box] db in
            let result = try await db.page("tasks", as: TaskStateRow.self, page: page, pageSize: pageSize, orderBy: "task_id", descending: true) {
                $0.where("workflow_key", .equal, workflowKey)
            }
            return Page(items: try result.rows.map { try Self.open($0.state, box) }, total: result.total)
        }
    }

    /// Counts of tasks by status, for metrics and benchmarks.
    package func count(status: TaskStatus) async throws -> Int {
        try await sql.read { db in try await db.count("tasks") { $0.where("status", .equal, status.rawValue) } }
    }
}
