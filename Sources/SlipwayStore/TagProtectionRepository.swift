import SQLKit
import SlipwayCore

struct TagProtectionRow: Codable {
    var id: Int64
    var depotId: Int64
    var rule: String
    var creatorUid: String
    var createdAt: Int64
}

/// Tag-protection rules of depots.
package struct TagProtectionRepository: Sendable {
    let sql: any SQLStore

    /// Stores rules in one transaction. A pattern the depot already has is a `conflict`, unless
    /// `skipExisting`, when it is left as it is. Returns the rules actually added.
    @discardableResult
    package func create(_ rules: [TagProtectionRule], skipExisting: Bool = false) async throws -> [TagProtectionRule] {
        for rule in rules { try TagProtectionRule.validate(rule.rule) }
        return try await sql.write { db in
            var added: [TagProtectionRule] = []
            for rule in rules {
                let taken = try await db.count("git_protected_tag_rules") {
                    $0.where("depot_id", .equal, rule.depotID).where("rule", .equal, rule.rule)
                }
                if taken > 0 || added.contains(where: { $0.rule == rule.rule }) {
                    if skipExisting { continue }
                    throw SlipwayError.conflict("a tag protection rule \(rule.rule) already exists")
                }
                var stored = rule
                stored.id = try await mapConflict("a tag protection rule \(rule.rule) already exists") {
                    try await db.insert(into: "git_protected_tag_rules")
                        .columns("depot_id", "rule", "creator_uid", "created_at")
                        .values(SQLBind(rule.depotID), SQLBind(rule.rule), SQLBind(rule.creatorUID), SQLBind(rule.createdAt))
                        .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
                }
                added.append(stored)
            }
            return added
        }
    }

    /// A depot's rules, oldest first.
    package func list(depotID: Int64) async throws -> [TagProtectionRule] {
        try await sql.read { db in
            try await db.select().column("*").from("git_protected_tag_rules").where("depot_id", .equal, depotID)
                .orderBy("id").all(decoding: TagProtectionRow.self, keyDecodingStrategy: .snakeCase)
                .map {
                    TagProtectionRule(
                        id: $0.id, depotID: $0.depotId, rule: $0.rule, creatorUID: $0.creatorUid, createdAt: $0.createdAt)
                }
        }
    }

    /// Removes the rule with this exact pattern; `notFound` when the depot has none.
    package func delete(depotID: Int64, rule: String) async throws {
        try await sql.write { db in
            let deleted = try await db.delete(from: "git_protected_tag_rules").where("depot_id", .equal, depotID)
                .where("rule", .equal, rule).returning("id").all()
            guard !deleted.isEmpty else { throw SlipwayError.notFound("no tag protection rule \(rule)") }
        }
    }
}
