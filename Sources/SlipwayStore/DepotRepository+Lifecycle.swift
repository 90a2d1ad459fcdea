import SQLKit
import SlipwayCore

/// Archiving, moving between projects, and team-wide listing of depots.
extension DepotRepository {
    /// Archive (read-only) or un-archive a depot; `notFound` when there is none.
    package func setArchived(id: Int64, _ archived: Bool) async throws {
        try await sql.write { db in
            guard try await db.count("depots", { $0.where("id", .equal, id) }) > 0 else {
                throw SlipwayError.notFound("depot \(id) not found")
            }
            try await db.update("depots").set("archived", to: SQLBind(archived.sqlInt)).where("id", .equal, id).run()
        }
    }

    /// Moves a depot row to another project. The id stays, so everything keyed by it (rules,
    /// statuses, keys, releases) stays attached; merge requests also carry the project key, which
    /// follows. `conflict` when the target project already has a depot of that name.
    package func transfer(id: Int64, toProject key: String) async throws {
        try await sql.write { db in
            guard
                let depot = try await db.select().column("*").from("depots").where("id", .equal, id)
                    .first(decoding: DepotRow.self, keyDecodingStrategy: .snakeCase)?.depot
            else { throw SlipwayError.notFound("depot \(id) not found") }
            guard try await ProjectRepository.get(key: key, db) != nil else {
                throw SlipwayError.notFound("project \(key) not found")
            }
            let taken = try await db.count("depots") { $0.where("project_key", .equal, key).where("name", .equal, depot.name) }
            if taken > 0 { throw SlipwayError.conflict("project \(key) already has a depot named \(depot.name)") }
            try await mapConflict("project \(key) already has a depot named \(depot.name)") {
                try await db.update("depots").set("project_key", to: SQLBind(key)).where("id", .equal, id).run()
            }
            try await db.update("merge_requests").set("project_key", to: SQLBind(key)).where("depot_id", .equal, id).run()
        }
    }

    /// Depots of the given projects, by project key then id.
    package func list(projectKeys: [String]) async throws -> [Depot] {
        guard !projectKeys.isEmpty else { return [] }
        return try await sql.read { db in
            try await db.select().column("*").from("depots").where("project_key", .in, projectKeys)
                .orderBy("project_key").orderBy("id")
                .all(decoding: DepotRow.self, keyDecodingStrategy: .snakeCase).map(\.depot)
        }
    }
}
