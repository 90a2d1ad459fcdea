import Foundation
import SQLKit
import SlipwayCore

/// A project's custom issue fields and the values issues carry for them (migration 31).
package struct IssueFieldRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var id: Int64
        var projectKey: String
        var name: String
        var componentType: String
        var description: String
        var options: String
        var unit: String
        var issueTypes: String
        var required: Bool
        var creatorUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "project_key", "name", "component_type", "description", "options", "unit", "issue_types", "required", "creator_uid",
            "created_at", "updated_at",
        ]

        var field: IssueField {
            let kinds = JSONColumn.decode([String].self, from: issueTypes, default: []).compactMap(IssueKind.init(rawValue:))
            var f = IssueField(projectKey: projectKey, name: name, component: IssueField.Component(rawValue: componentType) ?? .singleLine, kinds: kinds)
            f.id = id
            f.description = description
            f.options = JSONColumn.decode([IssueField.Option].self, from: options, default: [])
            f.unit = unit
            f.required = required
            f.creatorUID = creatorUid
            f.createdAt = createdAt
            f.updatedAt = updatedAt
            return f
        }
    }

    /// Store a new field; a field of the same name in the project is a conflict.
    package func create(_ f: IssueField) async throws -> IssueField {
        try await mapConflict("an issue field named \(f.name) already exists") {
            try await sql.write { db in
                var stored = f
                stored.id =
                    try await db.insert(into: "issue_fields").columns(Row.columns.filter { $0 != "id" })
                    .values(
                        SQLBind(f.projectKey), SQLBind(f.name), SQLBind(f.component.rawValue), SQLBind(f.description),
                        SQLBind(JSONColumn.encode(f.options)), SQLBind(f.unit), SQLBind(JSONColumn.encode(f.kinds.map(\.rawValue))),
                        SQLBind(f.required), SQLBind(f.creatorUID), SQLBind(f.createdAt), SQLBind(f.updatedAt)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
                return stored
            }
        }
    }

    /// A project's fields, oldest first.
    package func fields(projectKey: String) async throws -> [IssueField] {
        try await sql.read { db in
            try await db.select().columns(Row.columns).from("issue_fields").where("project_key", .equal, projectKey).orderBy("id")
                .all(decoding: Row.self, keyDecodingStrategy: .snakeCase).map(\.field)
        }
    }

    /// The values an issue carries, by field id.
    package func values(issueID: Int64) async throws -> [Int64: String] {
        try await values(issueIDs: [issueID])[issueID] ?? [:]
    }

    /// The values each of the issues `issueIDs` carries: issue id → field id → value.
    package func values(issueIDs: [Int64]) async throws -> [Int64: [Int64: String]] {
        struct ValueRow: Decodable {
            var issueId: Int64
            var fieldId: Int64
            var value: String
        }
        guard !issueIDs.isEmpty else { return [:] }
        let rows = try await sql.read { db in
            try await db.select().columns("issue_id", "field_id", "value").from("issue_field_values").where("issue_id", .in, Array(Set(issueIDs)))
                .all(decoding: ValueRow.self, keyDecodingStrategy: .snakeCase)
        }
        return Dictionary(grouping: rows, by: \.issueId).mapValues { Dictionary($0.map { ($0.fieldId, $0.value) }, uniquingKeysWith: { a, _ in a }) }
    }

    /// Set (an empty value: clear) an issue's values, in the caller's transaction.
    package static func set(_ values: [Int64: String], issueID: Int64, projectKey: String, at now: Int64, _ db: any SQLDatabase) async throws {
        for (field, value) in values.sorted(by: { $0.key < $1.key }) {
            try await db.delete(from: "issue_field_values").where("issue_id", .equal, issueID).where("field_id", .equal, field).run()
            guard !value.isEmpty else { continue }
            try await db.insert(into: "issue_field_values").columns("issue_id", "field_id", "project_key", "value", "updated_at")
                .values(SQLBind(issueID), SQLBind(field), SQLBind(projectKey), SQLBind(value), SQLBind(now)).run()
        }
    }
}

extension Store {
    /// Custom issue fields and their values (`IssueFieldRepository`).
    package var issueFields: IssueFieldRepository { IssueFieldRepository(sql: sql) }
}
