import SQLKit
import SlipwayCore

struct BranchProtectionRow: Codable {
    var id: Int64
    var depotId: Int64
    var rule: String
    var denyForcePush: Int
    var forceSquash: Int
    var requiredGrantCount: Int
    var requiredStatusCheck: Int
    var createdAt: Int64
}

struct ProtectionMemberRow: Codable {
    var protectionId: Int64
    var userUid: String
    var allowPush: Int
}

/// Branch-protection rules of depots with their members.
package struct BranchProtectionRepository: Sendable {
    let sql: any SQLStore

    /// Stores a rule; `conflict` when the depot already has one with the same pattern.
    package func create(_ rule: BranchProtection) async throws -> BranchProtection {
        try BranchProtection.validateRule(rule.rule)
        return try await sql.write { db in
            let taken = try await db.count("branch_protections") {
                $0.where("depot_id", .equal, rule.depotID).where("rule", .equal, rule.rule)
            }
            if taken > 0 { throw SlipwayError.conflict("a protection rule for \(rule.rule) already exists") }
            var stored = rule
            stored.id = try await mapConflict("a protection rule for \(rule.rule) already exists") {
                try await db.insert(into: "branch_protections")
                    .columns(
                        "depot_id", "rule", "deny_force_push", "force_squash", "required_grant_count",
                        "required_status_check", "created_at"
                    )
                    .values(
                        SQLBind(rule.depotID), SQLBind(rule.rule), SQLBind(rule.denyForcePush.sqlInt),
                        SQLBind(rule.forceSquash.sqlInt), SQLBind(rule.requiredGrantCount),
                        SQLBind(rule.requiredStatusCheck.sqlInt), SQLBind(rule.createdAt)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            }
            return stored
        }
    }

    /// A depot's rules with members, oldest first.
    package func list(depotID: Int64) async throws -> [BranchProtection] {
        try await sql.read { db in
            let rows = try await db.select().column("*").from("branch_protections").where("depot_id", .equal, depotID)
                .orderBy("id").all(decoding: BranchProtectionRow.self, keyDecodingStrategy: .snakeCase)
            return try await Self.withMembers(rows, db)
        }
    }

    package func get(id: Int64) async throws -> BranchProtection? {
        try await sql.read { db in
            let rows = try await db.select().column("*").from("branch_protections").where("id", .equal, id)
                .all(decoding: BranchProtectionRow.self, keyDecodingStrategy: .snakeCase)
            return try await Self.withMembers(rows, db).first
        }
    }

    /// Writes the rule's settings (not its members); `conflict` when the new pattern is taken.
    package func update(_ rule: BranchProtection) async throws {
        try BranchProtection.validateRule(rule.rule)
        try await sql.write { db in
            let taken = try await db.count("branch_protections") {
                $0.where("depot_id", .equal, rule.depotID).where("rule", .equal, rule.rule).where("id", .notEqual, rule.id)
            }
            if taken > 0 { throw SlipwayError.conflict("a protection rule for \(rule.rule) already exists") }
            try await db.update("branch_protections").set("rule", to: SQLBind(rule.rule))
                .set("deny_force_push", to: SQLBind(rule.denyForcePush.sqlInt))
                .set("force_squash", to: SQLBind(rule.forceSquash.sqlInt))
                .set("required_grant_count", to: SQLBind(rule.requiredGrantCount))
                .set("required_status_check", to: SQLBind(rule.requiredStatusCheck.sqlInt))
                .where("id", .equal, rule.id).run()
        }
    }

    package func delete(id: Int64) async throws {
        try await sql.write { db in
            try await db.delete(from: "branch_protection_members").where("protection_id", .equal, id).run()
            try await db.delete(from: "branch_protections").where("id", .equal, id).run()
        }
    }

    /// Adds or updates a member of a rule.
    package func setMember(protectionID: Int64, userUID: String, allowPush: Bool) async throws {
        try await sql.write { db in
            try await db.delete(from: "branch_protection_members").where("protection_id", .equal, protectionID)
                .where("user_uid", .equal, userUID).run()
            try await db.insert(into: "branch_protection_members").columns("protection_id", "user_uid", "allow_push")
                .values(SQLBind(protectionID), SQLBind(userUID), SQLBind(allowPush.sqlInt)).run()
        }
    }

    /// Removes a member; `notFound` when the user is not one.
    package func removeMember(protectionID: Int64, userUID: String) async throws {
        try await sql.write { db in
            let n = try await db.count("branch_protection_members") {
                $0.where("protection_id", .equal, protectionID).where("user_uid", .equal, userUID)
            }
            guard n > 0 else { throw SlipwayError.notFound("the user is not a member of this rule") }
            try await db.delete(from: "branch_protection_members").where("protection_id", .equal, protectionID)
                .where("user_uid", .equal, userUID).run()
        }
    }

    static func withMembers(_ rows: [BranchProtectionRow], _ db: any SQLDatabase) async throws -> [BranchProtection] {
        guard !rows.isEmpty else { return [] }
        let members = try await db.select().column("*").from("branch_protection_members")
            .where("protection_id", .in, rows.map(\.id)).orderBy("user_uid")
            .all(decoding: ProtectionMemberRow.self, keyDecodingStrategy: .snakeCase)
        return rows.map { r in
            BranchProtection(
                id: r.id, depotID: r.depotId, rule: r.rule, denyForcePush: r.denyForcePush != 0,
                forceSquash: r.forceSquash != 0, requiredGrantCount: r.requiredGrantCount,
                requiredStatusCheck: r.requiredStatusCheck != 0, createdAt: r.createdAt,
                members: members.filter { $0.protectionId == r.id }
                    .map { .init(userUID: $0.userUid, allowPush: $0.allowPush != 0) })
        }
    }

    // MARK: Commit statuses

    /// Sets the status of one (commit, context), replacing an earlier report.
    package func setStatus(_ status: CommitStatus) async throws {
        try await sql.write { db in
            try await db.delete(from: "commit_statuses").where("depot_id", .equal, status.depotID)
                .where("sha", .equal, status.sha).where("context", .equal, status.context).run()
            try await db.insert(into: "commit_statuses")
                .columns("depot_id", "sha", "context", "state", "target_url", "description", "creator_uid", "updated_at")
                .values(
                    SQLBind(status.depotID), SQLBind(status.sha), SQLBind(status.context),
                    SQLBind(status.state.rawValue), SQLBind(status.targetURL), SQLBind(status.description),
                    SQLBind(status.creatorUID), SQLBind(status.updatedAt)
                ).run()
        }
    }

    /// Statuses of a commit, by context.
    package func statuses(depotID: Int64, sha: String) async throws -> [CommitStatus] {
        try await sql.read { db in
            try await db.select().column("*").from("commit_statuses").where("depot_id", .equal, depotID)
                .where("sha", .equal, sha).orderBy("context")
                .all(decoding: CommitStatusRow.self, keyDecodingStrategy: .snakeCase)
                .map {
                    CommitStatus(
                        depotID: $0.depotId, sha: $0.sha, context: $0.context, state: .init(rawValue: $0.state) ?? .error,
                        targetURL: $0.targetUrl, description: $0.description, creatorUID: $0.creatorUid,
                        updatedAt: $0.updatedAt)
                }
        }
    }
}

struct CommitStatusRow: Codable {
    var depotId: Int64
    var sha: String
    var context: String
    var state: String
    var targetUrl: String
    var description: String
    var creatorUid: String
    var updatedAt: Int64
}
