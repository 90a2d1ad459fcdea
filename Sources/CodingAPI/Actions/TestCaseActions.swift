import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING test-case sections and cases (§2.18 `test.section`, `test.case`) over `TestCaseService`.
struct TestCaseActions: Sendable {
    func service(_ call: ActionCall) -> TestCaseService { TestCaseService(call.services.context) }

    @Sendable func createTestCaseSection(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let section = try await service(call).createSection(
            projectKey: try p.string("ProjectName"), name: try p.string("Name"), parentID: try p.optionalInt("ParentId") ?? 0, by: call.user)
        return TestSectionOutput(Data: .init(Section: TestSectionDTO(section)))
    }

    @Sendable func modifyTestCaseSection(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let section = try await service(call).modifySection(
            projectKey: try p.string("ProjectName"), id: try p.int("SectionId"), name: try p.string("Name"),
            parentID: try p.optionalInt("ParentId"), by: call.user)
        return TestSectionOutput(Data: .init(Section: TestSectionDTO(section)))
    }

    @Sendable func deleteTestCaseSection(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).deleteSection(projectKey: try p.string("ProjectName"), id: try p.int("SectionId"), by: call.user)
        return NoOutput()
    }

    /// DescribeTestCaseSectionList: the sections under `ParentId` (0 the root), or every section without it.
    @Sendable func describeTestCaseSectionList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let sections = try await service(call).sections(
            projectKey: try p.string("ProjectName"), parentID: try p.optionalInt("ParentId"), by: call.user)
        return TestSectionListOutput(Data: .init(Sections: sections.map(TestSectionDTO.init)))
    }

    @Sendable func createTestCase(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let testCase = try await service(call).createCase(projectKey: try p.string("ProjectName"), try Self.input(p), by: call.user)
        var dto = TestCaseDTO(testCase, try await service(call).people([testCase.creatorUID]))
        dto.creatorAsText = true
        return TestCaseOutput(Data: .init(Case: dto))
    }

    @Sendable func modifyTestCase(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let testCase = try await service(call).modifyCase(
            projectKey: try p.string("ProjectName"), id: try p.int("CaseId"), try Self.input(p), by: call.user)
        return try await answer(testCase, call)
    }

    @Sendable func deleteTestCase(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).deleteCase(projectKey: try p.string("ProjectName"), id: try p.int("CaseId"), by: call.user)
        return NoOutput()
    }

    @Sendable func describeTestCase(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        return try await answer(
            try await service(call).testCase(projectKey: try p.string("ProjectName"), id: try p.int("CaseId"), by: call.user), call)
    }

    /// DescribeTestCaseList: filters `Keyword` (in the title), `SectionId`, `TemplateType`, `Priority`; no paging.
    @Sendable func describeTestCaseList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        var filter = TestCaseFilter(projectKey: try p.string("ProjectName"))
        filter.keyword = String((try p.optionalString("Keyword") ?? "").prefix(IssueQuery.maxValueLength))
        filter.sectionID = try p.optionalInt("SectionId")
        filter.template = try Self.template(p, required: false)
        filter.priority = try p.optionalInt("Priority")
        let cases = try await service(call).cases(filter, by: call.user)
        let people = try await service(call).people(cases.map(\.creatorUID))
        return TestCaseListOutput(Data: .init(Cases: cases.map { TestCaseDTO($0, people) }))
    }

    /// A case in full: with its attachments and their download URLs.
    func answer(_ testCase: TestCase, _ call: ActionCall) async throws -> any ActionOutput {
        var dto = TestCaseDTO(testCase, try await service(call).people([testCase.creatorUID]))
        dto.Attachments = TestAttachmentDTO.list(try await service(call).files(of: testCase, for: call.user), call)
        return TestCaseOutput(Data: .init(Case: dto))
    }

    static func template(_ p: ActionParameters, required: Bool) throws(CodingError) -> TestCase.Template? {
        guard let raw = required ? try p.string("TemplateType") : try p.optionalString("TemplateType"), !raw.isEmpty else { return nil }
        guard let template = TestCase.Template(rawValue: raw.uppercased()) else { throw .invalidValue("TemplateType", "must be STEPS or TEXT") }
        return template
    }

    static func input(_ p: ActionParameters) throws(CodingError) -> TestCaseService.CaseInput {
        guard let template = try template(p, required: true) else { throw .missingParameter("TemplateType") }
        var input = TestCaseService.CaseInput(title: try p.string("Title"), template: template, sectionID: try p.int("SectionId"))
        input.priority = try p.optionalInt("Priority")
        input.preconditions = try p.optionalString("Preconds")
        input.steps = try p.optionalString("Steps")
        input.expected = try p.optionalString("Expected")
        // Slipway: the issues the case covers (codes), replacing those it had.
        if p.value("IssueCodes") != nil { input.issueCodes = try IssueFields.integers(p, "IssueCodes", max: 100) }
        input.attachmentIDs = try TestAttachments.ids(p)
        if p.value("CustomSteps") != nil {
            let items = try p.array("CustomSteps")
            guard items.count <= TestCase.maxSteps else { throw .invalidValue("CustomSteps", "must have at most \(TestCase.maxSteps) steps") }
            input.customSteps = try items.map { item throws(CodingError) in
                guard case .string(let content) = item["Content"], case .string(let expected) = item["Expected"] else {
                    throw .invalidParameter("CustomSteps", "each step needs a Content and an Expected string")
                }
                return TestStep(content: content, expected: expected)
            }
        }
        return input
    }
}

/// `AttachmentIds`: files uploaded through CreateAttachmentPrepareSignUrl for a case or report to hold.
enum TestAttachments {
    static func ids(_ p: ActionParameters) throws(CodingError) -> [Int64]? {
        guard p.value("AttachmentIds") != nil else { return nil }
        return try IssueFields.integers(p, "AttachmentIds", max: AttachmentService.maxPerHolder)
    }
}
