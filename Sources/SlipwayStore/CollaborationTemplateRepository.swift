import SQLKit
import SlipwayCore

/// Projects' collaboration templates (migration 30): at most one per project, with its issue types.
package struct CollaborationTemplateRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var id: Int64
        var projectKey: String
        var mode: String
        var name: String
        var description: String
        var sourceId: Int64
        var sync: Bool
        var creatorUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "project_key", "mode", "name", "description", "source_id", "sync", "creator_uid", "created_at", "updated_at",
        ]
    }

    struct TypeRow: Decodable {
        var templateId: Int64
        var type: String
        var statusIds: String
    }

    /// Store a project's template; a project that has one already is a conflict.
    package func create(_ template: CollaborationTemplate) async throws -> CollaborationTemplate {
        guard let key = template.projectKey else { throw SlipwayError.invalidInput("a system template is not stored") }
        return try await sql.write { db in
            let present = try await db.select().column("id").from("collaboration_templates").where("project_key", .equal, key).first()
            guard present == nil else { throw SlipwayError.conflict("project \(key) collaboration is already initialised") }
            var stored = template
            stored.id =
                try await db.insert(into: "collaboration_templates").columns(Row.columns.filter { $0 != "id" })
                .values(
                    SQLBind(key), SQLBind(template.mode.rawValue), SQLBind(template.name), SQLBind(template.description),
                    SQLBind(template.sourceID), SQLBind(template.sync), SQLBind(template.creatorUID), SQLBind(template.createdAt),
                    SQLBind(template.updatedAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            for (position, type) in template.issueTypes.enumerated() {
                try await db.insert(into: "collaboration_issue_types").columns("template_id", "project_key", "position", "type", "status_ids")
                    .values(
                        SQLBind(stored.id), SQLBind(key), SQLBind(Int64(position)), SQLBind(type.kind.rawValue),
                        SQLBind(type.statusIDs.map(String.init).joined(separator: ","))
                    ).run()
            }
            return stored
        }
    }

    package func get(projectKey: String) async throws -> CollaborationTemplate? {
        try await templates { $0.where("project_key", .equal, projectKey) }.first
    }

    package func get(id: Int64) async throws -> CollaborationTemplate? {
        try await templates { $0.where("id", .equal, id) }.first
    }

    func templates(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [CollaborationTemplate] {
        try await sql.read { db in
            let rows = try await filter(db.select().columns(Row.columns).from("collaboration_templates"))
                .all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
            guard !rows.isEmpty else { return [] }
            let types = try await db.select().columns("template_id", "type", "status_ids").from("collaboration_issue_types")
                .where("template_id", .in, rows.map(\.id)).orderBy("position").all(decoding: TypeRow.self, keyDecodingStrategy: .snakeCase)
            let byTemplate = Dictionary(grouping: types, by: \.templateId)
            return rows.map { row in
                var t = CollaborationTemplate(
                    id: row.id, projectKey: row.projectKey, mode: CollaborationTemplate.Mode(rawValue: row.mode) ?? .scrum, name: row.name,
                    description: row.description,
                    issueTypes: (byTemplate[row.id] ?? []).compactMap { type in
                        IssueKind(rawValue: type.type).map {
                            CollaborationTemplate.IssueType(kind: $0, statusIDs: type.statusIds.split(separator: ",").compactMap { Int64($0) })
                        }
                    })
                t.sourceID = row.sourceId
                t.sync = row.sync
                t.creatorUID = row.creatorUid
                t.createdAt = row.createdAt
                t.updatedAt = row.updatedAt
                return t
            }
        }
    }
}
