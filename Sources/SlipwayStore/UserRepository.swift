import SQLKit
import SlipwayCore

struct UserRow: Codable {
    var uid: String
    var account: String
    var name: String
    var email: String
    var identityType: String
    var isAdmin: Int
    var createdAt: Int64
    var lastLoginAt: Int64?

    init(_ user: User) {
        uid = user.uid
        account = user.account
        name = user.name
        email = user.email
        identityType = user.identityType
        isAdmin = user.isAdmin.sqlInt
        createdAt = user.createdAt
        lastLoginAt = user.lastLoginAt
    }

    var user: User {
        User(
            uid: uid, account: account, name: name, email: email, identityType: identityType,
            isAdmin: isAdmin != 0, createdAt: createdAt, lastLoginAt: lastLoginAt)
    }

    static let columns = ["uid", "account", "name", "email", "identity_type", "is_admin", "created_at", "last_login_at"]
}

/// Users: create, find, list, delete (with everything that hangs off them).
package struct UserRepository: Sendable {
    let sql: any SQLStore

    /// Store a new user; the account must be unique.
    package func create(_ user: User) async throws {
        try User.validateAccount(user.account)
        try await sql.write { db in
            try await Self.insert(user, db)
        }
    }

    static func insert(_ user: User, _ db: any SQLDatabase) async throws {
        if try await db.count("users", { $0.where("account", .equal, user.account) }) > 0 {
            throw SlipwayError.conflict("user \(user.account) already exists")
        }
        try await mapConflict("user \(user.account) already exists") {
            try await db.insert(into: "users").model(UserRow(user), keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        }
    }

    package func find(uid: String) async throws -> User? {
        try await sql.read { db in try await Self.find(uid: uid, db) }
    }

    static func find(uid: String, _ db: any SQLDatabase) async throws -> User? {
        try await byUID(uid, db).first(decoding: UserRow.self, keyDecodingStrategy: .snakeCase)?.user
    }

    /// A user by uid (every authenticated request).
    static let byUID = FixedSelect(UserRow.columns, from: "users", where: "uid")

    package func find(account: String) async throws -> User? {
        try await sql.read { db in
            try await db.select().columns(UserRow.columns).from("users").where("account", .equal, account)
                .first(decoding: UserRow.self, keyDecodingStrategy: .snakeCase)?.user
        }
    }

    /// Users ordered by account; `keyword` matches part of the account or name.
    package func list(keyword: String?, page: Int, pageSize: Int) async throws -> Page<User> {
        try await sql.read { db in
            let result = try await db.page("users", as: UserRow.self, page: page, pageSize: pageSize, orderBy: "account") { q in
                guard let keyword, !keyword.isEmpty else { return q }
                let pattern = "%\(keyword.lowercased())%"
                return q.where { group in
                    group.where(SQLFunction("lower", args: SQLColumn("account")), .like, SQLBind(pattern))
                        .orWhere(SQLFunction("lower", args: SQLColumn("name")), .like, SQLBind(pattern))
                }
            }
            return Page(items: result.rows.map(\.user), total: result.total)
        }
    }

    package func count() async throws -> Int {
        try await sql.read { db in try await db.count("users") }
    }

    /// Remove a user with their tokens, group memberships and role bindings.
    package func delete(uid: String) async throws {
        try await sql.write { db in
            guard try await Self.find(uid: uid, db) != nil else { throw SlipwayError.notFound("user \(uid) not found") }
            try await db.delete(from: "api_tokens").where("user_uid", .equal, uid).run()
            try await db.delete(from: "group_members").where("user_uid", .equal, uid).run()
            try await db.delete(from: "role_bindings").where("subject_type", .equal, "user").where("subject_id", .equal, uid).run()
            try await db.delete(from: "users").where("uid", .equal, uid).run()
        }
    }

    /// Record that the user just authenticated (Zadig's `last_login_time`).
    package func touchLogin(uid: String, at time: EpochMillis = .now()) async throws {
        try await sql.write { db in
            try await db.update("users").set("last_login_at", to: time).where("uid", .equal, uid).run()
        }
    }
}
