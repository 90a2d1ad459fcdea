import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING test execution (§2.18 `test.execution`): tests, results per test and per step, and
/// defects linked to tests, over `TestExecutionService`.
struct TestExecutionActions: Sendable {
    func service(_ call: ActionCall) -> TestExecutionService { TestExecutionService(call.services.context) }

    static func status(_ p: ActionParameters, _ name: String) throws(CodingError) -> TestStatus {
        let raw = try p.string(name)
        guard let status = TestStatus(rawValue: raw.uppercased()) else {
            throw .invalidValue(name, "must be one of \(TestStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }

    static func stepStatuses(_ p: ActionParameters) throws(CodingError) -> [TestStatus] {
        try IssueConditions.strings(p, "CustomStepStatus").map { raw throws(CodingError) in
            guard let status = TestStatus(rawValue: raw.uppercased()), TestStatus.stepStatuses.contains(status) else {
                throw .invalidValue("CustomStepStatus", "values must be PASSED or FAILED")
            }
            return status
        }
    }

    func people(_ details: [TestExecutionService.Detail], _ call: ActionCall) async throws -> PlanningPeople {
        try await TestCaseService(call.services.context).people(details.flatMap { [$0.test.assigneeUID, $0.test.testerUID, $0.testCase.creatorUID] })
    }

    @Sendable func describeTest(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let detail = try await service(call).test(projectKey: try p.string("ProjectName"), id: try p.int("TestId"), by: call.user)
        var dto = TestDTO(detail, try await people([detail], call), full: true)
        let files = try await TestCaseService(call.services.context).files(of: detail.testCase, for: call.user)
        dto.Case?.Attachments = TestAttachmentDTO.list(files, call)
        return TestOutput(Data: .init(Test: dto))
    }

    /// DescribeTestList: the tests of run `RunId` (all runs without it), filters `Priority` and `Status`.
    @Sendable func describeTestList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        var filter = TestExecutionService.Filter(projectKey: try p.string("ProjectName"))
        filter.runID = try p.optionalInt("RunId")
        filter.priority = try p.optionalInt("Priority")
        if let raw = try p.optionalString("Status"), !raw.isEmpty { filter.status = try Self.status(p, "Status") }
        let details = try await service(call).tests(filter, by: call.user)
        let people = try await people(details, call)
        return TestListOutput(Data: .init(Tests: details.map { TestDTO($0, people, full: false) }))
    }

    @Sendable func createCaseResult(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        if (try p.optionalInt("CaseDepotId") ?? 0) != 0 { throw CodingError.invalidValue("CaseDepotId", "is not supported: there is one case library") }
        try await service(call).recordCaseResult(
            projectKey: try p.string("ProjectName"), runID: try p.int("RunId"), caseID: try p.int("CaseId"), status: try Self.status(p, "Status"),
            steps: try Self.stepStatuses(p), by: call.user)
        return NoOutput()
    }

    @Sendable func createTestResult(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).recordTestResult(
            projectKey: try p.string("ProjectName"), id: try p.int("TestId"), status: try Self.status(p, "Status"), steps: try Self.stepStatuses(p),
            by: call.user)
        return NoOutput()
    }

    /// CreateTestResults; Slipway's extension `CodingCIBuildId` (instead of `CaseIds` and `Status`)
    /// sets each case of the run from that CI build's JUnit results (`TestExecutionService+CI`
    /// says how cases match); the token then needs the `project` scope CI reads need as well.
    @Sendable func createTestResults(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        if let build = try p.optionalInt("CodingCIBuildId") {
            guard p.value("Status") == nil, p.value("CaseIds") == nil else {
                throw CodingError.invalidValue("CodingCIBuildId", "takes the results from the build: give no CaseIds or Status with it")
            }
            let scopes = call.identity.scopes
            guard scopes.isEmpty || OAuthScopes.covers(scopes, "project") else {
                throw CodingError(code: "UnauthorizedOperation", message: "the token lacks the project scope needed to read CI build results")
            }
            try await service(call).recordResults(projectKey: try p.string("ProjectName"), runID: try p.int("RunId"), ciBuildID: build, by: call.user)
            return NoOutput()
        }
        let cases = try IssueFields.integers(p, "CaseIds", max: 5000)
        guard !cases.isEmpty else { throw CodingError.missingParameter("CaseIds") }
        try await service(call).recordResults(
            projectKey: try p.string("ProjectName"), runID: try p.int("RunId"), caseIDs: cases, status: try Self.status(p, "Status"), by: call.user)
        return NoOutput()
    }

    /// CreateTestStepResult: `StepIndex` from 1, `StepStatus` PASSED or FAILED, `Actual` the outcome; `Status` also sets the test's.
    @Sendable func createTestStepResult(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let index = try p.int("StepIndex")
        guard (1...Int64(TestCase.maxSteps)).contains(index) else { throw CodingError.invalidValue("StepIndex", "must be 1…\(TestCase.maxSteps)") }
        let status: TestStatus? = (try p.optionalString("Status") ?? "").isEmpty ? nil : try Self.status(p, "Status")
        try await service(call).recordStepResult(
            projectKey: try p.string("ProjectName"), id: try p.int("TestId"), index: Int(index), stepStatus: try Self.status(p, "StepStatus"),
            actual: try p.optionalString("Actual") ?? "", status: status, by: call.user)
        return NoOutput()
    }

    /// CreateTestDefect: `DefectId` is the code of an issue of type DEFECT in the project.
    @Sendable func createTestDefect(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).linkDefect(
            projectKey: try p.string("ProjectName"), id: try p.int("TestId"), defectCode: try p.int("DefectId"), by: call.user)
        return NoOutput()
    }

    /// DescribeTestDefectList: the defects of test `TestId` (of every test without it); `Id` is the issue code.
    @Sendable func describeTestDefectList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let defects = try await service(call).defects(projectKey: try p.string("ProjectName"), id: try p.optionalInt("TestId"), by: call.user)
        return TestDefectListOutput(Data: .init(Defects: defects.issues.map { TestDefectDTO($0, defects.people) }))
    }
}
