import SlipwayCore
import SlipwayStore

/// The caller's workbench: their open issues across the projects they can still see.
extension IssueService {
    /// One page (`offset`, `limit`) of the caller's open issues in project `projectID` (0: every
    /// project they can see), of `kind` and matching `keyword` when given; with the projects named.
    package func workbench(projectID: Int64, kind: IssueKind?, keyword: String, offset: Int, limit: Int, by user: User) async throws -> (
        listing: IssueListing, projects: [String: Project]
    ) {
        var keys: [String] = []
        if projectID != 0 {
            guard let key = try await store.numericIDs.projectKey(id: projectID) else { throw SlipwayError.notFound("project \(projectID) not found") }
            try await access.require(user, projectKey: key, write: false)
            keys = [key]
        } else {
            for key in try await store.issues.projectKeys(openlyAssignedTo: user.uid) {
                if let rights = try await store.access.access(user: user, projectKey: key), rights.allows(.view) { keys.append(key) }
            }
        }
        let page = try await store.issues.todo(uid: user.uid, projectKeys: keys, kind: kind, keyword: keyword, offset: offset, limit: limit)
        var projects: [String: Project] = [:]
        for key in Set(page.issues.map(\.projectKey)) { projects[key] = try await store.projects.get(key: key) }
        return (try await listing(page), projects)
    }
}
