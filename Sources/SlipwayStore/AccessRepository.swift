import SQLKit
import SlipwayCore

/// Gathers the facts a project permission decision needs; the decision itself is `ProjectAccess.allows`.
package struct AccessRepository: Sendable {
    let sql: any SQLStore

    /// The user's access to a project, or nil when the project does not exist.
    package func access(user: User, projectKey: String) async throws -> ProjectAccess? {
        try await sql.read { db in
            guard let project = try await ProjectRepository.get(key: projectKey, db) else { return nil }
            return try await Self.access(user: user, projectKey: projectKey, isPublic: project.isPublic, db)
        }
    }

    /// The user's access to the project of workflow `workflowKey`, with that project's key and
    /// the workflow's task counter; nil when the workflow does not exist. The workflow, its
    /// project and its counter are read in one query (a task-list page needs all three).
    package func access(user: User, workflowKey: String) async throws -> WorkflowAccess? {
        try await sql.read { db in
            guard let row = try await db.raw("\(unsafeRaw: Self.workflowProject)\(bind: workflowKey)").first() else { return nil }
            let projectKey = try row.decode(column: "project_key", as: String.self)
            let isPublic = try row.decode(column: "is_public", as: Int.self) != 0
            let last = try row.decode(column: "last_task_id", as: Int?.self)
            let count = try row.decode(column: "task_count", as: Int?.self)
            let counter = last.flatMap { last in count.map { TaskCounter(lastTaskID: last, taskCount: $0) } }
            let access = try await Self.access(user: user, projectKey: projectKey, isPublic: isPublic, db)
            return WorkflowAccess(projectKey: projectKey, access: access, taskCounter: counter)
        }
    }

    static let workflowProject =
        "SELECT p.project_key, p.is_public, c.last_task_id, c.task_count FROM workflows w"
        + " JOIN projects p ON p.project_key = w.project_key"
        + " LEFT JOIN workflow_counters c ON c.workflow_key = w.workflow_key WHERE w.workflow_key = "

    /// The access of `user` to an existing project: administrators need no further read; others
    /// get the roles bound to them or to their groups there.
    static func access(user: User, projectKey: String, isPublic: Bool, _ db: any SQLDatabase) async throws -> ProjectAccess {
        if user.isAdmin { return ProjectAccess(isSystemAdmin: true, projectIsPublic: isPublic, roles: []) }
        let groups = try await GroupRepository.groupIDs(of: user.uid, db)
        let roleNames = try await db.select().distinct().column("role_name").from("role_bindings")
            .where("namespace", .equal, projectKey)
            .where { q in
                q.where { $0.where("subject_type", .equal, "user").where("subject_id", .equal, user.uid) }
                    .orWhere { $0.where("subject_type", .equal, "group").where("subject_id", .in, groups) }
            }
            .all(decodingColumn: "role_name", as: String.self)
        let roles =
            roleNames.isEmpty
            ? []
            : try await db.select().column("*").from("roles")
                .where("namespace", .equal, projectKey).where("name", .in, roleNames)
                .all(decoding: RoleRow.self).map(\.role)
        return ProjectAccess(isSystemAdmin: false, projectIsPublic: isPublic, roles: roles)
    }
}

/// What the access check of a workflow learns: its project, the caller's access there, the
/// workflow's task counter (nil before its first task), and the page of tasks read with the check
/// when one was asked for and could be (`access(user:workflowKey:page:pageSize:)`).
package struct WorkflowAccess: Sendable {
    package var projectKey: String
    package var access: ProjectAccess
    package var taskCounter: TaskCounter?
    package var page: [TaskSummary]? = nil
}
