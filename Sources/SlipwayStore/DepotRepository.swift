import SQLKit
import SlipwayCore

struct DepotRow: Codable {
    var id: Int64
    var projectKey: String
    var name: String
    var description: String
    var createdBy: String
    var createdAt: Int64
    var lastPushAt: Int64
    var archived: Int

    var depot: Depot {
        Depot(
            id: id, projectKey: projectKey, name: name, description: description, createdBy: createdBy,
            createdAt: createdAt, lastPushAt: lastPushAt, isArchived: archived != 0)
    }
}

/// Hosted git repositories: the rows that give each on-disk repository its stable numeric id.
/// The repository itself lives in `SlipwayGit`; callers create the row first (so a name is
/// reserved exactly once) and remove it if the repository cannot be created.
package struct DepotRepository: Sendable {
    let sql: any SQLStore

    /// Store a new depot and return it with its id; `conflict` when the project already has one of that name.
    package func create(_ depot: Depot) async throws -> Depot {
        try Depot.validateName(depot.name)
        return try await sql.write { db in
            guard try await ProjectRepository.get(key: depot.projectKey, db) != nil else {
                throw SlipwayError.notFound("project \(depot.projectKey) not found")
            }
            let existing = try await db.count("depots") {
                $0.where("project_key", .equal, depot.projectKey).where("name", .equal, depot.name)
            }
            if existing > 0 { throw SlipwayError.conflict("depot \(depot.name) already exists") }
            let id = try await mapConflict("depot \(depot.name) already exists") {
                try await db.insert(into: "depots")
                    .columns("project_key", "name", "description", "created_by", "created_at", "last_push_at")
                    .values(
                        SQLBind(depot.projectKey), SQLBind(depot.name), SQLBind(depot.description),
                        SQLBind(depot.createdBy), SQLBind(depot.createdAt), SQLBind(depot.lastPushAt)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            }
            var stored = depot
            stored.id = id
            return stored
        }
    }

    package func get(id: Int64) async throws -> Depot? {
        try await sql.read { db in
            try await db.select().column("*").from("depots").where("id", .equal, id)
                .first(decoding: DepotRow.self, keyDecodingStrategy: .snakeCase)?.depot
        }
    }

    package func get(projectKey: String, name: String) async throws -> Depot? {
        try await sql.read { db in
            try await db.select().column("*").from("depots").where("project_key", .equal, projectKey)
                .where("name", .equal, name)
                .first(decoding: DepotRow.self, keyDecodingStrategy: .snakeCase)?.depot
        }
    }

    /// A project's depots, oldest first.
    package func list(projectKey: String) async throws -> [Depot] {
        try await sql.read { db in
            try await db.select().column("*").from("depots").where("project_key", .equal, projectKey).orderBy("id")
                .all(decoding: DepotRow.self, keyDecodingStrategy: .snakeCase).map(\.depot)
        }
    }

    /// Remove a depot row and, by the cascades of migration 14, every row hanging off it (merge
    /// requests, rules, statuses, keys, releases, comments, Serverless Devs applications and their
    /// dispatches), plus the workflows those applications run as; `notFound` when there is none.
    package func delete(id: Int64) async throws {
        try await sql.write { db in
            guard try await db.count("depots", { $0.where("id", .equal, id) }) > 0 else {
                throw SlipwayError.notFound("depot \(id) not found")
            }
            try await ServerlessApplicationRepository.deleteWorkflows(boundTo: [id], db)
            try await db.delete(from: "depots").where("id", .equal, id).run()
        }
    }

    /// Rename a depot and/or change its description; `conflict` when the new name is taken.
    package func update(id: Int64, name: String, description: String) async throws {
        try Depot.validateName(name)
        try await sql.write { db in
            guard
                let current = try await db.select().column("*").from("depots").where("id", .equal, id)
                    .first(decoding: DepotRow.self, keyDecodingStrategy: .snakeCase)
            else { throw SlipwayError.notFound("depot \(id) not found") }
            let taken = try await db.count("depots") {
                $0.where("project_key", .equal, current.projectKey).where("name", .equal, name).where("id", .notEqual, id)
            }
            if taken > 0 { throw SlipwayError.conflict("depot \(name) already exists") }
            try await mapConflict("depot \(name) already exists") {
                try await db.update("depots").set("name", to: SQLBind(name)).set("description", to: SQLBind(description))
                    .where("id", .equal, id).run()
            }
        }
    }

    /// Record an accepted push or API write.
    package func touchPush(id: Int64, at time: EpochMillis = .now()) async throws {
        try await sql.write { db in
            try await db.update("depots").set("last_push_at", to: SQLBind(time)).where("id", .equal, id).run()
        }
    }
}
