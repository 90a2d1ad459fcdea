import SlipwayCore
import SlipwayStore

/// Who may do what with a project's wiki: members who can view the project read it (and clone
/// its repository); developer-level members (the rule for repository writes) change it. Anyone
/// who cannot see the project learns only that it does not exist.
package struct WikiAccess: Sendable {
    let store: Store

    package init(store: Store) {
        self.store = store
    }

    /// Whether `user` may read (`write` false) or change the wiki; throws `notFound` or `forbidden`.
    /// Returns whether the user may also change it.
    @discardableResult
    package func require(_ user: User, projectKey: String, write: Bool) async throws -> Bool {
        guard try await store.projects.get(key: projectKey) != nil,
            let access = try await store.access.access(user: user, projectKey: projectKey), access.allows(.view)
        else { throw SlipwayError.notFound("project \(projectKey) not found") }
        if write, !access.allowsRepositoryWrite {
            throw SlipwayError.forbidden("changing the wiki needs developer access to project \(projectKey)")
        }
        return access.allowsRepositoryWrite
    }
}
