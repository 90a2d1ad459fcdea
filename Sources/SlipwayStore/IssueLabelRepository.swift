import Foundation
import SQLKit
import SlipwayCore

/// A project's issue labels and modules, and the labels issues carry (migration 34).
package struct IssueLabelRepository: Sendable {
    let sql: any SQLStore

    struct LabelRow: Decodable {
        var id: Int64
        var projectKey: String
        var name: String
        var color: String
        var creatorUid: String
        var createdAt: Int64

        static let columns = ["id", "project_key", "name", "color", "creator_uid", "created_at"]

        var label: IssueLabel {
            var label = IssueLabel(projectKey: projectKey, name: name, color: color)
            label.id = id
            label.creatorUID = creatorUid
            label.createdAt = createdAt
            return label
        }
    }

    struct ModuleRow: Decodable {
        var id: Int64
        var projectKey: String
        var name: String
        var creatorUid: String
        var createdAt: Int64

        static let columns = ["id", "project_key", "name", "creator_uid", "created_at"]

        var module: IssueModule {
            var module = IssueModule(projectKey: projectKey, name: name)
            module.id = id
            module.creatorUID = creatorUid
            module.createdAt = createdAt
            return module
        }
    }

    // MARK: Labels

    var labelRows: IdentifiedRows { IdentifiedRows(sql: sql, table: "issue_labels", noun: "label") }
    var moduleRows: IdentifiedRows { IdentifiedRows(sql: sql, table: "issue_modules", noun: "module") }

    /// Store a new label; a label of the same name in the project is a conflict.
    package func create(_ label: IssueLabel) async throws -> IssueLabel {
        var stored = label
        stored.id = try await labelRows.insert(
            [
                ("project_key", label.projectKey), ("name", label.name), ("color", label.color), ("creator_uid", label.creatorUID),
                ("created_at", label.createdAt),
            ], name: label.name)
        return stored
    }

    /// Rename or recolour a label; a name another label of the project has is a conflict.
    package func update(_ label: IssueLabel) async throws {
        try await labelRows.update(id: label.id, [("name", label.name), ("color", label.color)], name: label.name)
    }

    /// Delete a label; the issues carrying it lose it.
    package func deleteLabel(id: Int64) async throws {
        try await labelRows.delete(id: id)
    }

    /// A project's labels, oldest first.
    package func labels(projectKey: String) async throws -> [IssueLabel] {
        try await labelRows { $0.where("project_key", .equal, projectKey).orderBy("id") }
    }

    /// The labels of a project among `ids`, by id (other ids are left out).
    package func labels(projectKey: String, ids: [Int64]) async throws -> [Int64: IssueLabel] {
        guard !ids.isEmpty else { return [:] }
        let found = try await labelRows { $0.where("project_key", .equal, projectKey).where("id", .in, Array(Set(ids))) }
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The keys of the projects having a label named `name`.
    package func projectKeys(labelNamed name: String) async throws -> [String] {
        try await sql.read { db in
            try await db.select().column("project_key").from("issue_labels").where("name", .equal, name).orderBy("project_key")
                .all(decodingColumn: "project_key", as: String.self)
        }
    }

    /// The labels each of the issues `issueIDs` carries, each list by label id: one query.
    package func labels(issueIDs: [Int64]) async throws -> [Int64: [IssueLabel]] {
        /// A label row with the issue carrying it.
        struct LinkRow: Decodable {
            var issueId: Int64
            var label: LabelRow

            enum CodingKeys: String, CodingKey { case issueId }

            init(from decoder: any Decoder) throws {
                issueId = try decoder.container(keyedBy: CodingKeys.self).decode(Int64.self, forKey: .issueId)
                label = try LabelRow(from: decoder)
            }
        }
        guard !issueIDs.isEmpty else { return [:] }
        let rows = try await sql.read { db in
            try await db.raw(
                """
                SELECT k.issue_id, l.id, l.project_key, l.name, l.color, l.creator_uid, l.created_at \
                FROM issue_label_links k JOIN issue_labels l ON l.id = k.label_id \
                WHERE k.issue_id IN (\(binds: Array(Set(issueIDs)))) ORDER BY k.issue_id, l.id
                """
            ).all(decoding: LinkRow.self, keyDecodingStrategy: .snakeCase)
        }
        return Dictionary(grouping: rows, by: \.issueId).mapValues { links in links.map(\.label.label) }
    }

    /// The label ids an issue carries.
    package func labelIDs(issueID: Int64) async throws -> [Int64] {
        try await sql.read { db in
            try await db.select().column("label_id").from("issue_label_links").where("issue_id", .equal, issueID).orderBy("label_id")
                .all(decodingColumn: "label_id", as: Int64.self)
        }
    }

    /// Put labels on an issue and take others off, in the caller's transaction.
    package static func relabel(_ issueID: Int64, projectKey: String, add: [Int64], remove: [Int64], _ db: any SQLDatabase) async throws {
        if !remove.isEmpty {
            try await db.delete(from: "issue_label_links").where("issue_id", .equal, issueID).where("label_id", .in, remove).run()
        }
        for label in add {
            try await db.insert(into: "issue_label_links").columns("issue_id", "label_id", "project_key")
                .values(SQLBind(issueID), SQLBind(label), SQLBind(projectKey)).run()
        }
    }

    func labelRows(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [IssueLabel] {
        try await sql.read { db in
            try await filter(db.select().columns(LabelRow.columns).from("issue_labels"))
                .all(decoding: LabelRow.self, keyDecodingStrategy: .snakeCase).map(\.label)
        }
    }

    // MARK: Modules

    /// Store a new module; a module of the same name in the project is a conflict.
    package func create(_ module: IssueModule) async throws -> IssueModule {
        var stored = module
        stored.id = try await moduleRows.insert(
            [("project_key", module.projectKey), ("name", module.name), ("creator_uid", module.creatorUID), ("created_at", module.createdAt)],
            name: module.name)
        return stored
    }

    /// Delete a module; its issues are left in no module.
    package func deleteModule(id: Int64) async throws {
        try await moduleRows.delete(id: id)
    }

    /// A project's modules, oldest first.
    package func modules(projectKey: String) async throws -> [IssueModule] {
        try await moduleRows { $0.where("project_key", .equal, projectKey).orderBy("id") }
    }

    /// Modules by id (ids not found are left out): one query.
    package func modules(ids: [Int64]) async throws -> [Int64: IssueModule] {
        guard !ids.isEmpty else { return [:] }
        let found = try await moduleRows { $0.where("id", .in, Array(Set(ids))) }
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func moduleRows(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [IssueModule] {
        try await sql.read { db in
            try await filter(db.select().columns(ModuleRow.columns).from("issue_modules"))
                .all(decoding: ModuleRow.self, keyDecodingStrategy: .snakeCase).map(\.module)
        }
    }
}

extension Store {
    /// Issue labels and modules (`IssueLabelRepository`).
    package var issueLabels: IssueLabelRepository { IssueLabelRepository(sql: sql) }
}
