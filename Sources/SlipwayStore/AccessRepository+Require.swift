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
}
