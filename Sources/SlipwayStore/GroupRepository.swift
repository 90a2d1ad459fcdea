import SQLKit
import SlipwayCore

struct GroupRow: Codable {
    var gid: String
    var name: String
    var description: String
    var type: String
}

/// A group as listed: the group and how many users it holds.
package struct GroupSummary: Sendable, Equatable {
    package var group: UserGroup
    package var userTotal: Int
}

/// User groups and their members. The all-users group is built in and holds everyone implicitly.
package struct GroupRepository: Sendable {
    let sql: any SQLStore

    /// Create a custom group with initial members.
    @discardableResult
    package func create(name: String, description: String = "", memberUIDs: [String] = []) async throws -> UserGroup {
        guard !name.isEmpty, name != UserGroup.allUsersName else { throw SlipwayError.invalidInput("invalid group name") }
        let group = UserGroup(gid: TokenSecret.uuid(), name: name, description: description, memberUIDs: memberUIDs)
        try await sql.write { db in
            if try await db.count("user_groups", { $0.where("name", .equal, name) }) > 0 {
                throw SlipwayError.conflict("group \(name) already exists")
            }
            try await db.insert(into: "user_groups")
                .columns("gid", "name", "description", "type", "created_at")
                .values(SQLBind(group.gid), SQLBind(name), SQLBind(description), SQLBind("custom"), SQLBind(EpochMillis.now()))
                .run()
            for uid in memberUIDs {
                try await Self.addMember(gid: group.gid, uid: uid, db)
            }
        }
        return group
    }

    package func addMember(gid: String, uid: String) async throws {
        try await sql.write { db in
            guard try await Self.exists(gid: gid, db) else { throw SlipwayError.notFound("group \(gid) not found") }
            try await Self.addMember(gid: gid, uid: uid, db)
        }
    }

    static func addMember(gid: String, uid: String, _ db: any SQLDatabase) async throws {
        guard try await UserRepository.find(uid: uid, db) != nil else { throw SlipwayError.notFound("user \(uid) not found") }
        if try await db.count("group_members", { $0.where("gid", .equal, gid).where("user_uid", .equal, uid) }) == 0 {
            try await db.insert(into: "group_members").columns("gid", "user_uid").values(SQLBind(gid), SQLBind(uid)).run()
        }
    }

    /// True for the built-in all-users group and for stored groups.
    static func exists(gid: String, _ db: any SQLDatabase) async throws -> Bool {
        if gid == UserGroup.allUsersID { return true }
        return try await db.count("user_groups", { $0.where("gid", .equal, gid) }) > 0
    }

    package func find(gid: String) async throws -> UserGroup? {
        try await sql.read { db in try await Self.find(gid: gid, db) }
    }

    static func find(gid: String, _ db: any SQLDatabase) async throws -> UserGroup? {
        if gid == UserGroup.allUsersID {
            return UserGroup(gid: gid, name: UserGroup.allUsersName, description: "所有用户", type: "system")
        }
        guard
            let row = try await db.select().columns("gid", "name", "description", "type").from("user_groups")
                .where("gid", .equal, gid).first(decoding: GroupRow.self)
        else { return nil }
        let members = try await db.select().column("user_uid").from("group_members").where("gid", .equal, gid)
            .all(decodingColumn: "user_uid", as: String.self)
        return UserGroup(gid: row.gid, name: row.name, description: row.description, type: row.type, memberUIDs: members)
    }

    /// Groups, the built-in all-users group first, then custom ones by name.
    package func list(page: Int, pageSize: Int) async throws -> Page<GroupSummary> {
        try await sql.read { db in
            let userCount = try await db.count("users")
            let all = GroupSummary(group: try await Self.find(gid: UserGroup.allUsersID, db)!, userTotal: userCount)
            let rows = try await db.select().columns("gid", "name", "description", "type").from("user_groups")
                .orderBy("name").all(decoding: GroupRow.self)
            var summaries = [all]
            for row in rows {
                let total = try await db.count("group_members") { $0.where("gid", .equal, row.gid) }
                summaries.append(
                    GroupSummary(
                        group: UserGroup(gid: row.gid, name: row.name, description: row.description, type: row.type),
                        userTotal: total))
            }
            let start = min(max(page - 1, 0) * max(pageSize, 0), summaries.count)
            let end = min(start + max(pageSize, 0), summaries.count)
            return Page(items: Array(summaries[start..<end]), total: summaries.count)
        }
    }

    /// The groups a user is in, including the all-users group.
    static func groupIDs(of uid: String, _ db: any SQLDatabase) async throws -> [String] {
        let stored = try await db.select().column("gid").from("group_members").where("user_uid", .equal, uid)
            .all(decodingColumn: "gid", as: String.self)
        return [UserGroup.allUsersID] + stored
    }
}
