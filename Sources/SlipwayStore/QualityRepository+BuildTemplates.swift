import Foundation
import SQLKit
import SlipwayCore

/// Team build templates (migration 37): the build body as the project builds keep it, one JSON
/// document per template, credential parameter values sealed inside.
extension QualityRepository {
    static let templateTable = "zadig_build_templates"

    struct BuildTemplateRow: Decodable {
        var id: Int64
        var name: String
        var document: String
        var updatedBy: String
        var updatedAt: Int64
    }

    func template(_ row: BuildTemplateRow) throws -> BuildTemplate {
        var build = try decode(
            BuildDefinition.self,
            QualityDefinitionRow(projectKey: "", name: row.name, document: row.document, updatedBy: row.updatedBy, updatedAt: row.updatedAt))
        build.projectKey = ""
        build.name = row.name
        return BuildTemplate(id: row.id, build: build)
    }

    var templateRows: IdentifiedRows { IdentifiedRows(sql: sql, table: Self.templateTable, noun: "build template") }

    /// Store a new template; `conflict` when one of that name exists. Returns its id.
    package func createBuildTemplate(_ build: BuildDefinition) async throws -> Int64 {
        try await templateRows.insert(try Self.templateColumns(build, document: try encode(build)), name: build.name)
    }

    /// Replace template `id` (its name may change); `notFound` when there is none, `conflict`
    /// when another template has the new name. A renamed template's builds follow it, in the
    /// same transaction, so its references stay (Zadig refers to templates by id).
    package func updateBuildTemplate(id: Int64, _ build: BuildDefinition) async throws {
        let columns = Self.templateColumns(build, document: try encode(build))
        try await mapConflict("build template \(build.name) already exists") {
            try await sql.write { db in
                let old = try await db.select().column("name").from(Self.templateTable).where("id", .equal, id)
                    .first(decodingColumn: "name", as: String.self)
                guard let old else { throw SlipwayError.notFound("build template \(id) not found") }
                var update = db.update(Self.templateTable)
                for (column, value) in columns { update = update.set(column, to: value) }
                try await update.where("id", .equal, id).run()
                if old != build.name { try await Self.renameReferences(from: old, to: build.name, db) }
            }
        }
    }

    /// Point the builds made from template `old` at `new`. Only the name changes in each
    /// document; sealed credential values are copied as they are, never opened.
    static func renameReferences(from old: String, to new: String, _ db: any SQLDatabase) async throws {
        for (row, var build) in try await builds(madeFrom: old, db) {
            build.templateName = new
            let document = String(decoding: try JSONEncoder().encode(build), as: UTF8.self)
            try await db.update(BuildDefinition.table).set("document", to: SQLBind(document))
                .where("project_key", .equal, row.projectKey).where("name", .equal, row.name).run()
        }
    }

    static func templateColumns(_ build: BuildDefinition, document: String) -> [(String, any Encodable & Sendable)] {
        [("name", build.name), ("document", document), ("updated_by", build.updatedBy), ("updated_at", build.updatedAt)]
    }

    package func buildTemplate(id: Int64) async throws -> BuildTemplate? {
        try await buildTemplate(where: "id", id)
    }

    package func buildTemplate(named name: String) async throws -> BuildTemplate? {
        try await buildTemplate(where: "name", name)
    }

    private func buildTemplate(where column: String, _ value: some Encodable & Sendable) async throws -> BuildTemplate? {
        let row = try await sql.read { db in
            try await db.select().column("*").from(Self.templateTable).where(SQLIdentifier(column), .equal, SQLBind(value))
                .first(decoding: BuildTemplateRow.self, keyDecodingStrategy: .snakeCase)
        }
        return try row.map(template)
    }

    /// A page of the templates, oldest first.
    package func buildTemplates(page: Int, pageSize: Int) async throws -> Page<BuildTemplate> {
        let (rows, total) = try await sql.read { db in
            try await db.page(Self.templateTable, as: BuildTemplateRow.self, page: page, pageSize: pageSize, orderBy: "id")
        }
        return Page(items: try rows.map(template), total: total)
    }

    /// Remove a template; `notFound` when there is none. Builds made from it keep their copy.
    package func deleteBuildTemplate(id: Int64) async throws {
        try await templateRows.delete(id: id)
    }

    /// The builds of every project made from template `name` (their `template_name`), by project
    /// and build name. Only names are read: credential values stay sealed and are not returned.
    package func builds(madeFrom name: String) async throws -> [BuildTemplateReference] {
        try await sql.read { db in try await Self.builds(madeFrom: name, db) }.map { row, build in
            BuildTemplateReference(projectKey: row.projectKey, buildName: row.name, serviceModules: build.targetServices.map(\.serviceModule))
        }
    }

    /// Every project's builds whose `template_name` is `name`, each with its row, by project and
    /// build name (the template is in each build's document, not a column).
    static func builds(madeFrom name: String, _ db: any SQLDatabase) async throws -> [(row: QualityDefinitionRow, build: BuildDefinition)] {
        let rows = try await db.select().column("*").from(BuildDefinition.table).orderBy("project_key").orderBy("name")
            .all(decoding: QualityDefinitionRow.self, keyDecodingStrategy: .snakeCase)
        return try rows.compactMap { row in
            let build = try JSONDecoder().decode(BuildDefinition.self, from: Data(row.document.utf8))
            return build.templateName == name ? (row, build) : nil
        }
    }
}
