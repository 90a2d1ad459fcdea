import SQLKit
import SlipwayCore

struct ReadOnlyBranchRow: Codable {
    var depotId: Int64
    var branch: String
    var creatorUid: String
    var createdAt: Int64
}

/// Branches marked read-only, per depot.
package struct ReadOnlyBranchRepository: Sendable {
    let sql: any SQLStore

    /// Marks a branch read-only; `conflict` when it already is.
    package func create(_ entry: ReadOnlyBranch) async throws {
        try await sql.write { db in
            let taken = try await db.count("git_read_only_branches") {
                $0.where("depot_id", .equal, entry.depotID).where("branch", .equal, entry.branch)
            }
            if taken > 0 { throw SlipwayError.conflict("branch \(entry.branch) is already read-only") }
            try await mapConflict("branch \(entry.branch) is already read-only") {
                try await db.insert(into: "git_read_only_branches")
                    .columns("depot_id", "branch", "creator_uid", "created_at")
                    .values(SQLBind(entry.depotID), SQLBind(entry.branch), SQLBind(entry.creatorUID), SQLBind(entry.createdAt))
                    .run()
            }
        }
    }

    /// A depot's read-only branches, by name.
    package func list(depotID: Int64) async throws -> [ReadOnlyBranch] {
        try await sql.read { db in
            try await db.select().column("*").from("git_read_only_branches").where("depot_id", .equal, depotID)
                .orderBy("branch").all(decoding: ReadOnlyBranchRow.self, keyDecodingStrategy: .snakeCase)
                .map { ReadOnlyBranch(depotID: $0.depotId, branch: $0.branch, creatorUID: $0.creatorUid, createdAt: $0.createdAt) }
        }
    }

    /// Makes a branch writable again; `notFound` when it is not read-only.
    package func delete(depotID: Int64, branch: String) async throws {
        try await sql.write { db in
            let deleted = try await db.delete(from: "git_read_only_branches").where("depot_id", .equal, depotID)
                .where("branch", .equal, branch).returning("branch").all()
            guard !deleted.isEmpty else { throw SlipwayError.notFound("branch \(branch) is not read-only") }
        }
    }
}
