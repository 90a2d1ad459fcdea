import SQLKit
import SlipwayCore

extension TaskRepository {
    /// Unfinished tasks of the project's workflows and of the `workflowKeys` workflows (wherever
    /// they live), oldest first: what a project or depot delete must cancel first.
    package func unfinished(projectKey: String?, workflowKeys: [String] = []) async throws -> [WorkflowTask] {
        guard projectKey != nil || !workflowKeys.isEmpty else { return [] }
        return try await sql.read { [box] db in
            try await Self.tasks(db, box, orderBy: "id") { select in
                select.where(SQLColumn("status", table: "tasks"), .in, SQLBind.group(Self.liveStatuses))
                    .where { owners in
                        var owners = owners
                        if let projectKey { owners = owners.orWhere("project_key", .equal, projectKey) }
                        if !workflowKeys.isEmpty { owners = owners.orWhere("workflow_key", .in, workflowKeys) }
                        return owners
                    }
            }
        }
    }
}
