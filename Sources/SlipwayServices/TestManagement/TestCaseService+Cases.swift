import Foundation
import SlipwayCore
import SlipwayStore

extension TestCaseService {
    package func createCase(projectKey: String, _ input: CaseInput, by user: User) async throws -> TestCase {
        try await access.require(user, projectKey: projectKey, write: true)
        let now = EpochMillis.now()
        var testCase = TestCase(projectKey: projectKey, sectionID: input.sectionID, title: "", template: input.template)
        testCase.creatorUID = user.uid
        testCase.createdAt = now
        testCase.updatedAt = now
        try await apply(input, to: &testCase)
        let issues = try await input.issueCodes.mapAsync { try await issueIDs(projectKey: projectKey, codes: $0) }
        let files = try await input.attachmentIDs.mapAsync { try await attachments.checked($0, for: nil, projectKey: projectKey, by: user) }
        let stored = try await repository.createCase(testCase)
        if let issues { try await repository.linkIssues(caseID: stored.id, issueIDs: issues, projectKey: projectKey) }
        if let files { try await attachments.attach(files, to: .testCase(stored.id)) }
        return stored
    }

    package func modifyCase(projectKey: String, id: Int64, _ input: CaseInput, by user: User) async throws -> TestCase {
        var testCase = try await find(projectKey: projectKey, id: id, by: user, write: true)
        try await apply(input, to: &testCase)
        let issues = try await input.issueCodes.mapAsync { try await issueIDs(projectKey: projectKey, codes: $0) }
        let files = try await input.attachmentIDs.mapAsync {
            try await attachments.checked($0, for: .testCase(id), projectKey: projectKey, by: user)
        }
        testCase.updatedAt = EpochMillis.now()
        try await repository.updateCase(testCase)
        if let issues { try await repository.linkIssues(caseID: testCase.id, issueIDs: issues, projectKey: projectKey) }
        if let files { try await attachments.attach(files, to: .testCase(testCase.id)) }
        return testCase
    }

    /// Delete a case; its tests in runs (and their results and defect links) go with it.
    package func deleteCase(projectKey: String, id: Int64, by user: User) async throws {
        let testCase = try await find(projectKey: projectKey, id: id, by: user, write: true)
        try await repository.deleteCase(id: testCase.id)
    }

    package func testCase(projectKey: String, id: Int64, by user: User) async throws -> TestCase {
        try await find(projectKey: projectKey, id: id, by: user, write: false)
    }

    /// The files a case holds, each with a download link's secret for `user` (who may read the case).
    package func files(of testCase: TestCase, for user: User) async throws -> [(file: IssueAttachment, secret: String)] {
        try await attachments.files(of: .testCase(testCase.id), for: user)
    }

    package func cases(_ filter: TestCaseFilter, by user: User) async throws -> [TestCase] {
        try await access.require(user, projectKey: filter.projectKey, write: false)
        return try await repository.cases(filter)
    }

    /// The numeric ids of the people cases and runs name, by uid.
    package func people(_ uids: [String]) async throws -> PlanningPeople {
        try await access.people(uids)
    }

    func find(projectKey: String, id: Int64, by user: User, write: Bool) async throws -> TestCase {
        try await access.require(user, projectKey: projectKey, write: write)
        guard let testCase = try await repository.testCase(projectKey: projectKey, id: id) else {
            throw SlipwayError.notFound("test case \(id) not found in project \(projectKey)")
        }
        return testCase
    }

    func apply(_ input: CaseInput, to testCase: inout TestCase) async throws {
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, input.title.count <= 500 else { throw SlipwayError.invalidInput("Title must be 1…500 characters") }
        if let priority = input.priority, !TestCase.priorities.contains(priority) {
            throw SlipwayError.invalidInput("Priority must be 0 (urgent), 1 (high), 2 (medium) or 3 (low)")
        }
        let texts = [input.preconditions, input.steps, input.expected].compactMap { $0 } + (input.customSteps ?? []).flatMap { [$0.content, $0.expected] }
        guard texts.allSatisfy({ $0.utf8.count <= TestCase.maxTextLength }) else {
            throw SlipwayError.invalidInput("a case's texts are at most \(TestCase.maxTextLength) bytes each")
        }
        if let steps = input.customSteps, steps.count > TestCase.maxSteps {
            throw SlipwayError.invalidInput("a case has at most \(TestCase.maxSteps) CustomSteps")
        }
        if input.sectionID != testCase.sectionID || testCase.id == 0 {
            _ = try await section(projectKey: testCase.projectKey, id: input.sectionID, field: "SectionId")
        }
        testCase.title = input.title
        testCase.template = input.template
        testCase.sectionID = input.sectionID
        if let priority = input.priority { testCase.priority = priority }
        if let preconditions = input.preconditions { testCase.preconditions = preconditions }
        if let steps = input.steps { testCase.steps = steps }
        if let expected = input.expected { testCase.expected = expected }
        if let customSteps = input.customSteps { testCase.customSteps = customSteps }
        if testCase.template == .text { testCase.customSteps = [] }
    }
}
