import SlipwayCore
import SlipwayStore

/// Project-level RBAC, as every project-scoped route applies it.
package struct AccessControl: Sendable {
    let store: Store

    package init(store: Store) {
        self.store = store
    }

    /// The caller, or `unauthenticated`.
    package func identity(_ context: AppRequestContext) throws(SlipwayError) -> Identity {
        guard let identity = context.identity else { throw .unauthenticated }
        return identity
    }

    /// Throws `notFound` for an unknown project and `forbidden` when the caller lacks the permission.
    package func require(_ permission: ProjectPermission, project key: String, context: AppRequestContext) async throws {
        try await store.access.require(permission, project: key, user: identity(context).user)
    }

    /// Throws `forbidden` unless the caller is a system administrator.
    package func requireAdmin(_ context: AppRequestContext) throws(SlipwayError) {
        guard try identity(context).user.isAdmin else { throw .forbidden("system administrator required") }
    }
}
