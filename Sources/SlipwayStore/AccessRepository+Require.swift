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
    @discardableResult
    package func require(
        _ permission: ProjectPermission, workflow key: String, project projectKey: String?, user: User
    ) async throws -> WorkflowAccess {
        guard let found = try await access(user: user, workflowKey: key), projectKey == nil || found.projectKey == projectKey else {
            throw SlipwayError.notFound("workflow \(key) not found")
        }
        guard found.access.allows(permission) else { throw SlipwayError.forbidden("no permission in project \(found.projectKey)") }
        return found
    }
}
