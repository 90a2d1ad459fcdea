import Foundation
import SQLKit
import SlipwayCore

struct QualityDefinitionRow: Codable {
    var projectKey: String
    var name: String
    var document: String
    var updatedBy: String
    var updatedAt: Int64
}

/// Zadig builds, tests and scans, one JSON document per (project, name). Credential parameter
/// values are sealed inside the document and opened when read.
package struct QualityRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox

    func encode<D: QualityDefinition>(_ definition: D) throws -> String {
        let sealed = try definition.mapCredentials { try box.seal($0) }
        return String(decoding: try JSONEncoder().encode(sealed), as: UTF8.self)
    }

    func decode<D: QualityDefinition>(_ type: D.Type, _ row: QualityDefinitionRow) throws -> D {
        var definition = try JSONDecoder().decode(D.self, from: Data(row.document.utf8))
        definition.updatedBy = row.updatedBy
        definition.updatedAt = row.updatedAt
        return try definition.mapCredentials { value throws(StoreError) in try box.open(value) }
    }

    /// Store a new definition; `conflict` when the project already has one of that name,
    /// `notFound` when the project does not exist.
    package func create<D: QualityDefinition>(_ definition: D) async throws {
        let document = try encode(definition)
        try await sql.write { db in
            try await RoleRepository.requireProject(definition.projectKey, db)
            try await mapConflict("\(D.kind) \(definition.name) already exists in project \(definition.projectKey)") {
                try await db.insert(into: D.table).columns("project_key", "name", "document", "updated_by", "updated_at")
                    .values(
                        SQLBind(definition.projectKey), SQLBind(definition.name), SQLBind(document), SQLBind(definition.updatedBy),
                        SQLBind(definition.updatedAt)
                    ).run()
            }
        }
    }

    /// Replace a stored definition; `notFound` when there is none of that name.
    package func update<D: QualityDefinition>(_ definition: D) async throws {
        let document = try encode(definition)
        try await sql.write { db in
            let filter: (SQLSelectBuilder) -> SQLSelectBuilder = {
                $0.where("project_key", .equal, definition.projectKey).where("name", .equal, definition.name)
            }
            guard try await db.count(D.table, filter) > 0 else {
                throw SlipwayError.notFound("\(D.kind) \(definition.name) not found in project \(definition.projectKey)")
            }
            try await db.update(D.table).set("document", to: SQLBind(document)).set("updated_by", to: SQLBind(definition.updatedBy))
                .set("updated_at", to: SQLBind(definition.updatedAt))
                .where("project_key", .equal, definition.projectKey).where("name", .equal, definition.name).run()
        }
    }

    package func get<D: QualityDefinition>(_ type: D.Type, project: String, name: String) async throws -> D? {
        let row = try await sql.read { db in
            try await db.select().column("*").from(D.table).where("project_key", .equal, project).where("name", .equal, name)
                .first(decoding: QualityDefinitionRow.self, keyDecodingStrategy: .snakeCase)
        }
        return try row.map { try decode(D.self, $0) }
    }

    /// A page of a project's definitions by name.
    package func list<D: QualityDefinition>(_ type: D.Type, project: String, page: Int, pageSize: Int) async throws -> Page<D> {
        let (rows, total) = try await sql.read { db in
            try await db.page(D.table, as: QualityDefinitionRow.self, page: page, pageSize: pageSize, orderBy: "name") {
                $0.where("project_key", .equal, project)
            }
        }
        return Page(items: try rows.map { try decode(D.self, $0) }, total: total)
    }

    /// Remove a definition; `notFound` when there is none.
    package func delete<D: QualityDefinition>(_ type: D.Type, project: String, name: String) async throws {
        try await sql.write { db in
            let filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0.where("project_key", .equal, project).where("name", .equal, name) }
            guard try await db.count(D.table, filter) > 0 else { throw SlipwayError.notFound("\(D.kind) \(name) not found in project \(project)") }
            try await db.delete(from: D.table).where("project_key", .equal, project).where("name", .equal, name).run()
        }
    }
}
