import SlipwayCore
import SlipwayStore

/// Who may do what with a project's issues, iterations and work hours: members who can view the
/// project read; developer-level members (the rule for repository writes) change. Anyone who
/// cannot see the project learns only that it does not exist.
struct PlanningAccess: Sendable {
    let store: Store

    /// The project, after checking `user` may read it (`write` false) or change its planning.
    @discardableResult
    func require(_ user: User, projectKey: String, write: Bool) async throws -> Project {
        guard let project = try await store.projects.get(key: projectKey),
            let access = try await store.access.access(user: user, projectKey: projectKey), access.allows(.view)
        else { throw SlipwayError.notFound("project \(projectKey) not found") }
        if write, !access.allowsRepositoryWrite {
            throw SlipwayError.forbidden("changing issues and iterations needs developer access to project \(projectKey)")
        }
        return project
    }

    /// The uid of the user with numeric id `id`, who must be able to see the project.
    func memberUID(_ id: Int64, projectKey: String, field: String) async throws -> String {
        guard let uid = try await store.numericIDs.userUID(id: id), let user = try await store.users.find(uid: uid),
            let access = try await store.access.access(user: user, projectKey: projectKey), access.allows(.view)
        else { throw SlipwayError.invalidInput("\(field) \(id) is not a member of project \(projectKey)") }
        return uid
    }

    /// The users behind `uids`, with their numeric ids.
    func people(_ uids: [String]) async throws -> PlanningPeople {
        let wanted = Array(Set(uids.filter { !$0.isEmpty }))
        var users: [String: User] = [:]
        for uid in wanted { users[uid] = try await store.users.find(uid: uid) }
        return PlanningPeople(users: users, ids: try await store.numericIDs.userIDs(uids: wanted))
    }
}

/// Users an answer names, by uid, with their numeric ids.
package struct PlanningPeople: Sendable {
    package var users: [String: User]
    package var ids: [String: Int64]

    package init(users: [String: User] = [:], ids: [String: Int64] = [:]) {
        self.users = users
        self.ids = ids
    }

    package func id(_ uid: String) -> Int64 { ids[uid] ?? 0 }
}
