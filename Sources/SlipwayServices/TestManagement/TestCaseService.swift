import Foundation
import SlipwayCore
import SlipwayStore

/// CODING test cases (issue 16, test management): a tree of sections per project and the cases
/// in them, `STEPS` cases with steps and expected results, `TEXT` cases with free text. Members
/// who can view the project read; developers change (`PlanningAccess`).
package struct TestCaseService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var access: PlanningAccess { PlanningAccess(store: store) }
    var repository: TestManagementRepository { store.testManagement }
    var attachments: AttachmentService { AttachmentService(context) }

    /// What a case create or change sets; nil leaves a field as it is.
    package struct CaseInput: Sendable {
        package var title: String
        package var template: TestCase.Template
        package var sectionID: Int64
        package var priority: Int64?
        package var preconditions: String?
        package var steps: String?
        package var expected: String?
        package var customSteps: [TestStep]?
        /// The codes of the issues the case covers (replacing those it had); nil leaves them.
        package var issueCodes: [Int64]?
        /// The attachments (`CreateAttachmentPrepareSignUrl` ids) the case holds, replacing those it had; nil leaves them.
        package var attachmentIDs: [Int64]?

        package init(title: String, template: TestCase.Template, sectionID: Int64) {
            self.title = title
            self.template = template
            self.sectionID = sectionID
        }
    }

    // MARK: sections

    package func createSection(projectKey: String, name: String, parentID: Int64, by user: User) async throws -> TestSection {
        try await access.require(user, projectKey: projectKey, write: true)
        try Self.checkName(name)
        if parentID != 0 { _ = try await section(projectKey: projectKey, id: parentID, field: "ParentId") }
        return try await repository.createSection(TestSection(projectKey: projectKey, parentID: parentID, name: name))
    }

    /// Rename a section and (with `parentID`) move it; never under itself or its own sub-sections.
    package func modifySection(projectKey: String, id: Int64, name: String, parentID: Int64?, by user: User) async throws -> TestSection {
        try await access.require(user, projectKey: projectKey, write: true)
        try Self.checkName(name)
        var section = try await section(projectKey: projectKey, id: id, field: "SectionId")
        if let parentID, parentID != section.parentID {
            if parentID != 0 { _ = try await self.section(projectKey: projectKey, id: parentID, field: "ParentId") }
            let subtree = Self.subtree(of: id, in: try await repository.sections(projectKey: projectKey))
            guard !subtree.contains(parentID) else { throw SlipwayError.invalidInput("ParentId cannot be the section itself or one of its sub-sections") }
            section.parentID = parentID
        }
        section.name = name
        try await repository.updateSection(section)
        return section
    }

    /// Delete a section with its sub-sections and every case in them.
    package func deleteSection(projectKey: String, id: Int64, by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        _ = try await section(projectKey: projectKey, id: id, field: "SectionId")
        try await repository.deleteSections(ids: Self.subtree(of: id, in: try await repository.sections(projectKey: projectKey)))
    }

    /// The sections directly under `parentID`, or every section of the project (nil).
    package func sections(projectKey: String, parentID: Int64?, by user: User) async throws -> [TestSection] {
        try await access.require(user, projectKey: projectKey, write: false)
        let all = try await repository.sections(projectKey: projectKey)
        return parentID.map { parent in all.filter { $0.parentID == parent } } ?? all
    }

    func section(projectKey: String, id: Int64, field: String) async throws -> TestSection {
        guard let section = try await repository.section(projectKey: projectKey, id: id) else {
            throw SlipwayError.notFound("test case section \(id) (\(field)) not found in project \(projectKey)")
        }
        return section
    }

    /// `id` and every section below it.
    static func subtree(of id: Int64, in sections: [TestSection]) -> [Int64] {
        var found = [id], index = 0
        while index < found.count {
            let parent = found[index]
            found += sections.filter { $0.parentID == parent && !found.contains($0.id) }.map(\.id)
            index += 1
        }
        return found
    }

    /// The names from the root down to section `id`.
    static func path(to id: Int64, in sections: [TestSection]) -> [String] {
        var names: [String] = [], current = id
        while let section = sections.first(where: { $0.id == current }), names.count <= sections.count {
            names.insert(section.name, at: 0)
            current = section.parentID
        }
        return names
    }

    static func checkName(_ name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, name.count <= 255 else { throw SlipwayError.invalidInput("Name must be 1…255 characters") }
    }
}
