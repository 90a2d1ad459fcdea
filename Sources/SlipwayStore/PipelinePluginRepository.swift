import SQLKit
import SlipwayCore

struct PipelinePluginRow: Codable {
    var name: String
    var version: String
    var description: String
    var inputs: String
    var run: String
    var createdBy: String
    var createdAt: Int64
    var updatedAt: Int64

    var plugin: PipelinePlugin {
        PipelinePlugin(
            name: name, version: version, description: description,
            inputs: JSONColumn.decode([PipelinePlugin.Input].self, from: inputs, default: []), run: run,
            createdBy: createdBy, createdAt: createdAt, updatedAt: updatedAt)
    }
}

/// Pipeline plugins by name. Registering a name again replaces the plugin (a new version);
/// tasks already dispatched keep the copy they were given.
package struct PipelinePluginRepository: Sendable {
    let sql: any SQLStore

    /// Store or replace; the first registration's `createdAt` is kept. Returns what is stored.
    @discardableResult
    package func register(_ plugin: PipelinePlugin) async throws -> PipelinePlugin {
        try await sql.write { db in
            let existing = try await db.select().column("*").from("pipeline_plugins").where("name", .equal, plugin.name)
                .first(decoding: PipelinePluginRow.self, keyDecodingStrategy: .snakeCase)?.plugin
            var stored = plugin
            if let existing {
                stored.createdAt = existing.createdAt
                stored.updatedAt = .now()
                try await db.delete(from: "pipeline_plugins").where("name", .equal, plugin.name).run()
            }
            try await db.insert(into: "pipeline_plugins")
                .columns("name", "version", "description", "inputs", "run", "created_by", "created_at", "updated_at")
                .values(
                    SQLBind(stored.name), SQLBind(stored.version), SQLBind(stored.description),
                    SQLBind(JSONColumn.encode(stored.inputs)), SQLBind(stored.run), SQLBind(stored.createdBy),
                    SQLBind(stored.createdAt), SQLBind(stored.updatedAt)
                )
                .run()
            return stored
        }
    }

    package func get(name: String) async throws -> PipelinePlugin? {
        try await sql.read { db in
            try await db.select().column("*").from("pipeline_plugins").where("name", .equal, name)
                .first(decoding: PipelinePluginRow.self, keyDecodingStrategy: .snakeCase)?.plugin
        }
    }

    /// Every plugin, by name.
    package func list() async throws -> [PipelinePlugin] {
        try await sql.read { db in
            try await db.select().column("*").from("pipeline_plugins").orderBy("name")
                .all(decoding: PipelinePluginRow.self, keyDecodingStrategy: .snakeCase).map(\.plugin)
        }
    }

    /// Remove a plugin; `notFound` when there is none of that name.
    package func delete(name: String) async throws {
        try await sql.write { db in
            guard try await db.count("pipeline_plugins", { $0.where("name", .equal, name) }) > 0 else {
                throw SlipwayError.notFound("plugin \(name) is not registered")
            }
            try await db.delete(from: "pipeline_plugins").where("name", .equal, name).run()
        }
    }
}
