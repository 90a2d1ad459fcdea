import Foundation
import SQLKit
import SlipwayCore

/// CODING test management (migration 28): case sections and cases here; runs, results, defect
/// links and reports in the extensions.
package struct TestManagementRepository: Sendable {
    let sql: any SQLStore

    struct SectionRow: Decodable {
        var id: Int64
        var projectKey: String
        var parentId: Int64
        var name: String
        var sort: Int64

        static let columns = ["id", "project_key", "parent_id", "name", "sort"]

        var section: TestSection {
            var s = TestSection(projectKey: projectKey, parentID: parentId, name: name)
            s.id = id
            s.sort = sort
            return s
        }
    }

    struct CaseRow: Decodable {
        var id: Int64
        var projectKey: String
        var sectionId: Int64
        var title: String
        var templateType: String
        var priority: Int64
        var preconds: String
        var steps: String
        var expected: String
        var customSteps: String
        var sort: Int64
        var creatorUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "project_key", "section_id", "title", "template_type", "priority", "preconds", "steps", "expected", "custom_steps",
            "sort", "creator_uid", "created_at", "updated_at",
        ]

        var testCase: TestCase {
            var c = TestCase(projectKey: projectKey, sectionID: sectionId, title: title, template: TestCase.Template(rawValue: templateType) ?? .text)
            c.id = id
            c.priority = priority
            c.preconditions = preconds
            c.steps = steps
            c.expected = expected
            c.customSteps = (try? JSONDecoder().decode([TestStep].self, from: Data(customSteps.utf8))) ?? []
            c.sort = sort
            c.creatorUID = creatorUid
            c.createdAt = createdAt
            c.updatedAt = updatedAt
            return c
        }
    }

    static let caseValueColumns = CaseRow.columns.filter { $0 != "id" && $0 != "project_key" && $0 != "sort" }

    static func values(_ c: TestCase) throws -> [any Encodable & Sendable] {
        let steps = String(decoding: try JSONEncoder().encode(c.customSteps), as: UTF8.self)
        return [
            c.sectionID, c.title, c.template.rawValue, c.priority, c.preconditions, c.steps, c.expected, steps, c.creatorUID, c.createdAt,
            c.updatedAt,
        ]
    }

    /// The next `sort` in a table among the rows `scope` picks.
    static func nextSort(_ table: String, _ db: any SQLDatabase, _ scope: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Int64 {
        let last = try await scope(db.select().column(SQLFunction("max", args: SQLColumn("sort")), as: "n").from(table))
            .first(decodingColumn: "n", as: Int64?.self)
        return (last ?? nil).map { $0 + 1 } ?? 1
    }

    // MARK: sections

    package func createSection(_ section: TestSection) async throws -> TestSection {
        try await sql.write { db in
            var stored = section
            stored.sort = try await Self.nextSort("test_sections", db) {
                $0.where("project_key", .equal, section.projectKey).where("parent_id", .equal, section.parentID)
            }
            stored.id =
                try await db.insert(into: "test_sections").columns("project_key", "parent_id", "name", "sort")
                .values(section.projectKey, section.parentID, section.name, stored.sort)
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            return stored
        }
    }

    package func updateSection(_ section: TestSection) async throws {
        try await sql.write { db in
            try await db.update("test_sections").set("parent_id", to: section.parentID).set("name", to: section.name)
                .where("id", .equal, section.id).run()
        }
    }

    /// Delete sections (a section and its sub-sections); their cases go with them.
    package func deleteSections(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await sql.write { db in try await db.delete(from: "test_sections").where("id", .in, ids).run() }
    }

    package func section(projectKey: String, id: Int64) async throws -> TestSection? {
        try await sections(projectKey: projectKey).first { $0.id == id }
    }

    /// Every section of a project, by parent and sort.
    package func sections(projectKey: String) async throws -> [TestSection] {
        try await sql.read { db in
            try await db.select().columns(SectionRow.columns).from("test_sections").where("project_key", .equal, projectKey)
                .orderBy("parent_id").orderBy("sort").orderBy("id")
                .all(decoding: SectionRow.self, keyDecodingStrategy: .snakeCase).map(\.section)
        }
    }

    // MARK: cases

    package func createCase(_ testCase: TestCase) async throws -> TestCase {
        let values = try Self.values(testCase)
        return try await sql.write { db in
            var stored = testCase
            stored.sort = try await Self.nextSort("test_cases", db) { $0.where("section_id", .equal, testCase.sectionID) }
            stored.id =
                try await db.insert(into: "test_cases").columns(["project_key", "sort"] + Self.caseValueColumns)
                .values([testCase.projectKey, stored.sort] as [any Encodable & Sendable] + values)
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            return stored
        }
    }

    package func updateCase(_ testCase: TestCase) async throws {
        let values = try Self.values(testCase)
        try await sql.write { db in
            var update = db.update("test_cases")
            for (column, value) in zip(Self.caseValueColumns, values) { update = update.set(column, to: value) }
            try await update.where("id", .equal, testCase.id).run()
        }
    }

    package func deleteCase(id: Int64) async throws {
        try await sql.write { db in try await db.delete(from: "test_cases").where("id", .equal, id).run() }
    }

    package func testCase(projectKey: String, id: Int64) async throws -> TestCase? {
        try await cases { $0.where("project_key", .equal, projectKey).where("id", .equal, id) }.first
    }

    /// A project's cases matching the filter, by section and sort.
    package func cases(_ filter: TestCaseFilter) async throws -> [TestCase] {
        try await cases { select in
            var q = select.where("project_key", .equal, filter.projectKey)
            if let section = filter.sectionID { q = q.where("section_id", .equal, section) }
            if let template = filter.template { q = q.where("template_type", .equal, template.rawValue) }
            if let priority = filter.priority { q = q.where("priority", .equal, priority) }
            if !filter.keyword.isEmpty { q = q.where(LikePattern.contains(column: "title", filter.keyword)) }
            return q
        }
    }

    /// Cases by id (those that exist).
    package func cases(projectKey: String, ids: [Int64]) async throws -> [TestCase] {
        guard !ids.isEmpty else { return [] }
        return try await cases { $0.where("project_key", .equal, projectKey).where("id", .in, ids) }
    }

    func cases(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [TestCase] {
        try await sql.read { db in
            try await filter(db.select().columns(CaseRow.columns).from("test_cases")).orderBy("section_id").orderBy("sort").orderBy("id")
                .all(decoding: CaseRow.self, keyDecodingStrategy: .snakeCase).map(\.testCase)
        }
    }
}
