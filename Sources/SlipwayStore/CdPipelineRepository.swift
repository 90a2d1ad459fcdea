import SQLKit
import SlipwayCore

/// A stored CD pipeline config: its id, application, name, place in the application's order,
/// and document (`JsonContent`).
package struct CdPipelineConfig: Sendable, Equatable {
    package var id: String
    package var application: String
    package var name: String
    package var position: Int
    package var document: JSONValue
    package var updatedAt: EpochMillis

    package init(id: String, application: String, name: String, position: Int, document: JSONValue, updatedAt: EpochMillis) {
        self.id = id
        self.application = application
        self.name = name
        self.position = position
        self.document = document
        self.updatedAt = updatedAt
    }
}

struct CdPipelineRow: Codable {
    var id: String
    var application: String
    var name: String
    var position: Int
    var document: String
    var updatedAt: Int64

    var config: CdPipelineConfig {
        CdPipelineConfig(
            id: id, application: application, name: name, position: position,
            document: JSONColumn.decode(JSONValue.self, from: document, default: .object([:])), updatedAt: updatedAt)
    }
}

/// CODING CD pipeline configs, per application.
package struct CdPipelineRepository: Sendable {
    let sql: any SQLStore

    /// Store a new config at the end of its application's order; conflict when the name is taken.
    package func create(_ config: CdPipelineConfig) async throws -> CdPipelineConfig {
        try await mapConflict("pipeline \(config.name) already exists in \(config.application)") {
            try await sql.write { db in
                let last =
                    try await db.select().column(SQLFunction("max", args: SQLColumn("position")), as: "p").from("cd_pipelines")
                    .where("application", .equal, config.application).first(decodingColumn: "p", as: Int?.self) ?? nil
                var stored = config
                stored.position = (last ?? -1) + 1
                try await db.insert(into: "cd_pipelines").columns("id", "application", "name", "position", "document", "updated_at")
                    .values(
                        SQLBind(stored.id), SQLBind(stored.application), SQLBind(stored.name), SQLBind(stored.position),
                        SQLBind(JSONColumn.encode(stored.document)), SQLBind(stored.updatedAt)
                    ).run()
                return stored
            }
        }
    }

    /// Replace the name and document of config `config.id`; not found when it is gone.
    package func update(_ config: CdPipelineConfig) async throws {
        try await mapConflict("pipeline \(config.name) already exists in \(config.application)") {
            try await sql.write { db in
                let changed = try await db.update("cd_pipelines").set("name", to: config.name)
                    .set("document", to: JSONColumn.encode(config.document)).set("updated_at", to: config.updatedAt)
                    .where("id", .equal, config.id).returning("id").all()
                guard !changed.isEmpty else { throw SlipwayError.notFound("pipeline config \(config.id) not found") }
            }
        }
    }

    package func get(id: String) async throws -> CdPipelineConfig? {
        try await sql.read { db in
            try await db.select().column("*").from("cd_pipelines").where("id", .equal, id)
                .first(decoding: CdPipelineRow.self, keyDecodingStrategy: .snakeCase)?.config
        }
    }

    package func get(application: String, name: String) async throws -> CdPipelineConfig? {
        try await sql.read { db in
            try await db.select().column("*").from("cd_pipelines").where("application", .equal, application).where("name", .equal, name)
                .first(decoding: CdPipelineRow.self, keyDecodingStrategy: .snakeCase)?.config
        }
    }

    /// The application's configs in order.
    package func list(application: String) async throws -> [CdPipelineConfig] {
        try await sql.read { db in
            try await db.select().column("*").from("cd_pipelines").where("application", .equal, application)
                .orderBy("position").orderBy("name")
                .all(decoding: CdPipelineRow.self, keyDecodingStrategy: .snakeCase).map(\.config)
        }
    }

    package func delete(application: String, name: String) async throws {
        try await sql.write { db in
            let gone = try await db.delete(from: "cd_pipelines").where("application", .equal, application).where("name", .equal, name)
                .returning("id").all()
            guard !gone.isEmpty else { throw SlipwayError.notFound("pipeline \(name) not found in \(application)") }
        }
    }

    /// Give each listed config of `application` its new position, in one transaction; not found
    /// when an id is not one of the application's.
    package func reorder(application: String, positions: [(id: String, position: Int)]) async throws {
        try await sql.write { db in
            for (id, position) in positions {
                let changed = try await db.update("cd_pipelines").set("position", to: position)
                    .where("id", .equal, id).where("application", .equal, application).returning("id").all()
                guard !changed.isEmpty else { throw SlipwayError.notFound("pipeline \(id) not found in \(application)") }
            }
        }
    }
}
