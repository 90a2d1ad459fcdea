import SQLKit
import SlipwayCore

/// The database ids of projects and users, for dialects (CODING) that address them by number.
/// The domain types use keys and uids; these ids are stable because rows are never re-created.
package struct NumericIDRepository: Sendable {
    let sql: any SQLStore

    /// Numeric ids of the given project keys (missing keys are left out).
    package func projectIDs(keys: [String]) async throws -> [String: Int64] {
        guard !keys.isEmpty else { return [:] }
        return try await sql.read { db in
            let rows = try await db.select().columns("id", "project_key").from("projects").where("project_key", .in, keys)
                .all(decoding: ProjectIDRow.self, keyDecodingStrategy: .snakeCase)
            return Dictionary(rows.map { ($0.projectKey, $0.id) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// The key of the project with this numeric id.
    package func projectKey(id: Int64) async throws -> String? {
        try await sql.read { db in
            try await db.select().column("project_key").from("projects").where("id", .equal, id)
                .first(decodingColumn: "project_key", as: String.self)
        }
    }

    /// Numeric ids of the given user uids (missing uids are left out).
    package func userIDs(uids: [String]) async throws -> [String: Int64] {
        guard !uids.isEmpty else { return [:] }
        return try await sql.read { db in
            let rows = try await db.select().columns("id", "uid").from("users").where("uid", .in, uids)
                .all(decoding: UserIDRow.self)
            return Dictionary(rows.map { ($0.uid, $0.id) }, uniquingKeysWith: { a, _ in a })
        }
    }
}

private struct ProjectIDRow: Codable {
    var id: Int64
    var projectKey: String
}

private struct UserIDRow: Codable {
    var id: Int64
    var uid: String
}
