import SlipwayCore
import SlipwayStore

/// Project membership.
extension DirectoryService {
    /// Binds `subjects` to `role` in the project (keeping the roles they hold). With `template`,
    /// a project that has no role of that name gets one defined from it first, in the same
    /// transaction; concurrent first grants both succeed, with one definition.
    package func addMembers(
        _ subjects: [BindingSubject], to projectKey: String, as role: String, definingIfMissing template: Role? = nil
    ) async throws {
        try await store.roles.grant(role, namespace: projectKey, to: subjects, definingIfMissing: template)
    }
}
