import SlipwayCore

extension ActionCall {
    /// Git-module user objects for the given uids (unknown uids are left out).
    func codingUsers(_ uids: [String]) async throws -> [String: CodingUserDTO] {
        let wanted = Array(Set(uids.filter { !$0.isEmpty }))
        let ids = try await store.numericIDs.userIDs(uids: wanted)
        var out: [String: CodingUserDTO] = [:]
        for uid in wanted {
            guard let user = try await store.users.find(uid: uid) else { continue }
            out[uid] = CodingUserDTO(
                Id: ids[uid] ?? 0, Name: user.name, Email: user.email, GlobalKey: user.account, Status: "ACTIVE")
        }
        return out
    }

    /// A user by global key (`notFound` otherwise).
    func user(globalKey: String) async throws -> User {
        guard let user = try await store.users.find(account: globalKey) else {
            throw SlipwayError.notFound("user \(globalKey) not found")
        }
        return user
    }

    /// The numeric id of a project key.
    func projectID(_ key: String) async throws -> Int64 {
        try await store.numericIDs.projectIDs(keys: [key])[key] ?? 0
    }
}
