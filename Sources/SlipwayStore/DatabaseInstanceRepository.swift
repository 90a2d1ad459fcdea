import SQLKit
import SlipwayCore

struct DatabaseInstanceRow: Codable {
    var id: String
    var name: String
    var type: String
    var url: String
    var updatedBy: String
    var updatedAt: Int64

    /// The instance, its URL (which holds the password) opened with `box`.
    func instance(_ box: SecretBox) throws -> DatabaseInstance {
        DatabaseInstance(id: id, name: name, type: type, url: try box.open(url), updatedBy: updatedBy, updatedAt: updatedAt)
    }
}

/// Databases `sql` jobs may run against. URLs (with their passwords) are stored sealed.
package struct DatabaseInstanceRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox

    package func create(_ instance: DatabaseInstance) async throws {
        guard DatabaseInstance.types.contains(instance.type) else {
            throw SlipwayError.invalidInput("type must be sqlite or postgresql")
        }
        guard !instance.name.isEmpty, !instance.url.isEmpty else { throw SlipwayError.invalidInput("name and url are required") }
        let sealedURL = try box.seal(instance.url)
        try await sql.write { db in
            if try await db.count("database_instances", { $0.where("name", .equal, instance.name) }) > 0 {
                throw SlipwayError.conflict("database \(instance.name) already exists")
            }
            try await db.insert(into: "database_instances").columns("id", "name", "type", "url", "updated_by", "updated_at")
                .values(
                    SQLBind(instance.id), SQLBind(instance.name), SQLBind(instance.type), SQLBind(sealedURL),
                    SQLBind(instance.updatedBy), SQLBind(instance.updatedAt)
                ).run()
        }
    }

    package func list() async throws -> [DatabaseInstance] {
        try await sql.read { [box] db in
            try await db.select().column("*").from("database_instances").orderBy("name")
                .all(decoding: DatabaseInstanceRow.self, keyDecodingStrategy: .snakeCase).map { try $0.instance(box) }
        }
    }

    /// By id or by name.
    package func find(_ idOrName: String) async throws -> DatabaseInstance? {
        try await sql.read { [box] db in
            try await db.select().column("*").from("database_instances")
                .where("id", .equal, idOrName).orWhere("name", .equal, idOrName)
                .first(decoding: DatabaseInstanceRow.self, keyDecodingStrategy: .snakeCase)?.instance(box)
        }
    }

    package func delete(id: String) async throws {
        try await sql.write { db in
            guard try await db.count("database_instances", { $0.where("id", .equal, id) }) > 0 else {
                throw SlipwayError.notFound("database \(id) not found")
            }
            try await db.delete(from: "database_instances").where("id", .equal, id).run()
        }
    }
}
