import Foundation
import SlipwayCore
import SlipwayStore

/// A user with their API tokens (never the secrets).
package struct UserTokens: Sendable, Equatable {
    package var user: User
    package var tokens: [APIToken]
}

/// What system administrators manage from the web: users, groups, everyone's API tokens,
/// plugins. Every operation refuses other callers (`forbidden`).
extension AccountService {
    static func requireAdmin(_ user: User) throws {
        guard user.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
    }

    /// Users by account, optionally those whose account or name contains `keyword`.
    package func users(by caller: User, keyword: String? = nil, page: Int, pageSize: Int) async throws -> Page<User> {
        try Self.requireAdmin(caller)
        return try await store.users.list(keyword: keyword, page: max(1, page), pageSize: pageSize)
    }

    /// Adds a user with a web sign-in password (what `slipway admin user add --password` does).
    package func addUser(
        by caller: User, account: String, name: String, email: String, password: String, isAdmin: Bool
    ) async throws -> User {
        try Self.requireAdmin(caller)
        let account = account.trimmingCharacters(in: .whitespaces)
        try User.validateAccount(account)
        if let problem = PasswordHasher.problem(password) { throw SlipwayError.invalidInput(problem) }
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmedName.count <= 100, email.count <= 200 else { throw SlipwayError.invalidInput("name or e-mail too long") }
        let user = User(
            uid: TokenSecret.uuid(), account: account, name: trimmedName.isEmpty ? account : trimmedName, email: email, isAdmin: isAdmin)
        try await store.users.create(user)
        try await store.passwords.set(userUID: user.uid, hash: PasswordHasher.hash(password))
        return user
    }

    /// Groups with their member counts, the built-in all-users group first.
    package func groups(by caller: User, page: Int, pageSize: Int) async throws -> Page<GroupSummary> {
        try Self.requireAdmin(caller)
        return try await store.groups.list(page: max(1, page), pageSize: pageSize)
    }

    /// A group and its members (the all-users group lists none: it holds everyone implicitly).
    package func group(_ gid: String, by caller: User) async throws -> (group: UserGroup, members: [User]) {
        try Self.requireAdmin(caller)
        guard let group = try await store.groups.find(gid: gid) else { throw SlipwayError.notFound("group \(gid) not found") }
        var members: [User] = []
        for uid in group.memberUIDs {
            if let user = try await store.users.find(uid: uid) { members.append(user) }
        }
        return (group, members.sorted { $0.account < $1.account })
    }

    /// A page of users (by account) with each one's API tokens.
    package func allTokens(by caller: User, page: Int, pageSize: Int) async throws -> Page<UserTokens> {
        let users = try await users(by: caller, page: page, pageSize: pageSize)
        var rows: [UserTokens] = []
        for user in users.items {
            rows.append(UserTokens(user: user, tokens: try await store.tokens.list(userUID: user.uid)))
        }
        return Page(items: rows, total: users.total)
    }

    /// The registered pipeline plugins.
    package func plugins(by caller: User) async throws -> [PipelinePlugin] {
        try Self.requireAdmin(caller)
        return try await store.plugins.list()
    }
}
