import SQLKit
import SlipwayCore

extension WorkflowRepository {
    /// Delete a workflow with its task history and take it out of every view of its project, in
    /// one transaction: a view never lists a workflow that is gone, and a refused delete changes
    /// nothing. Refused while one of its tasks is unfinished.
    package func deleteWithViewEntries(key: String, projectKey: String) async throws {
        try await sql.write { db in
            guard let existing = try await Self.row(key: key, db), existing.projectKey == projectKey else {
                throw SlipwayError.notFound("workflow \(key) not found in project \(projectKey)")
            }
            let live = try await db.count("tasks") {
                $0.where("workflow_key", .equal, key).where("status", .in, TaskRepository.liveStatuses)
            }
            guard live == 0 else { throw SlipwayError.failedPrecondition("workflow \(key) has \(live) unfinished task(s); cancel them first") }
            for table in ["tasks", "workflow_counters", "workflows"] {
                try await db.delete(from: table).where("workflow_key", .equal, key).run()
            }
            let views = try await db.select().column("*").from("workflow_views").where("project_key", .equal, projectKey)
                .all(decoding: ViewRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.view)
            for var view in views where view.workflows.contains(where: { $0.workflowKey == key }) {
                view.workflows.removeAll { $0.workflowKey == key }
                try await ViewRepository.save(view, db)
            }
        }
    }
}
