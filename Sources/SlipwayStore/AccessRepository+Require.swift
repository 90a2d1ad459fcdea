import SlipwayCore

extension AccessRepository {
    /// Throws `notFound` for an unknown project and `forbidden` when `user` lacks `permission` there.
    /// The one project permission check: HTTP routes and services both call it.
    package func require(_ permission: ProjectPermission, project key: String, user: User) async throws {
        guard let access = try await access(user: user, projectKey: key) else {
            throw SlipwayError.notFound("project \(key) not found")
        }
        guard access.allows(permission) else { throw SlipwayError.forbidden("no permission in project \(key)") }
    }

    /// Throws `notFound` for an unknown workflow (or one outside `projectKey`, when given) and
    /// `forbidden` when `user` lacks `permission` in its project. Returns what the check read.
    /// With `page`, the page of tasks (`pageNum`, `pageSize`) is read in the same statement when it can be.
    @discardableResult
    package func require(
        _ permission: ProjectPermission, workflow key: String, project projectKey: String?, user: User,
        page: (pageNum: Int, pageSize: Int)? = nil
    ) async throws -> WorkflowAccess {
        let read =
            if let page { try await access(user: user, workflowKey: key, page: page.pageNum, pageSize: page.pageSize) } else {
                try await access(user: user, workflowKey: key)
            }
        guard let found = read, projectKey == nil || found.projectKey == projectKey else {
            throw SlipwayError.notFound("workflow \(key) not found")
        }
        guard found.access.allows(permission) else { throw SlipwayError.forbidden("no permission in project \(found.projectKey)") }
        return found
    }
}
