import Foundation
import SQLKit
import SlipwayCore

/// Team CI build templates (migration 33): the template as JSON with its sensitive values
/// blanked, those values sealed apart.
extension CIRepository {
    struct TemplateRow: Decodable {
        var id: Int64
        var config: String
        var secrets: String
        var createdBy: String
        var createdAt: Int64

        func template(_ box: SecretBox) throws -> (template: CITemplate, secrets: [String: String]) {
            var template = try JSONDecoder().decode(CITemplate.self, from: Data(config.utf8))
            template.id = id
            template.createdBy = createdBy
            template.createdAt = createdAt
            return (template, JSONColumn.decode([String: String].self, from: try box.open(secrets), default: [:]))
        }
    }

    /// Store a new template; `conflict` when one of that name exists. Returns it with its id.
    package func createTemplate(_ template: CITemplate, secrets: [String: String]) async throws -> CITemplate {
        var stored = template
        for index in stored.env.indices where stored.env[index].sensitive { stored.env[index].value = "" }
        let sealed = try box.seal(JSONColumn.encode(secrets))
        let config = JSONColumn.encode(stored)
        stored.id = try await sql.write { db in
            try await mapConflict("CI template \(template.name) already exists") {
                try await db.insert(into: "ci_team_templates").columns("name", "config", "secrets", "created_by", "created_at")
                    .values(SQLBind(template.name), SQLBind(config), SQLBind(sealed), SQLBind(template.createdBy), SQLBind(template.createdAt))
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            }
        }
        return stored
    }

    /// A template and its sensitive values.
    package func template(id: Int64) async throws -> (template: CITemplate, secrets: [String: String])? {
        try await sql.read { [box] db in
            try await db.select().column("*").from("ci_team_templates").where("id", .equal, id)
                .first(decoding: TemplateRow.self, keyDecodingStrategy: .snakeCase)?.template(box)
        }
    }

    /// Every template, by id (sensitive values blank).
    package func templates() async throws -> [CITemplate] {
        try await sql.read { [box] db in
            try await db.select().column("*").from("ci_team_templates").orderBy("id").limit(1000)
                .all(decoding: TemplateRow.self, keyDecodingStrategy: .snakeCase).map { try $0.template(box).template }
        }
    }

    /// Remove a template; `notFound` when there is none. Jobs made from it keep their copy.
    package func deleteTemplate(id: Int64) async throws {
        try await sql.write { db in
            guard try await db.count("ci_team_templates", { $0.where("id", .equal, id) }) > 0 else {
                throw SlipwayError.notFound("CI template \(id) not found")
            }
            try await db.delete(from: "ci_team_templates").where("id", .equal, id).run()
        }
    }
}
