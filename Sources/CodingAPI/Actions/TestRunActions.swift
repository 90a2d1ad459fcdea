import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING test plans (§2.18 `test.run`) over `TestRunService`.
struct TestRunActions: Sendable {
    func service(_ call: ActionCall) -> TestRunService { TestRunService(call.services.context) }

    static func input(_ p: ActionParameters) throws(CodingError) -> TestRunService.Input {
        if (try p.optionalInt("ConfigEnvironmentId") ?? 0) != 0 {
            throw .invalidValue("ConfigEnvironmentId", "is not supported: test plans are not linked to environments here")
        }
        if p.value("CasesMap") != nil { throw .invalidValue("CasesMap", "is not supported: there is one case library; use Cases") }
        var input = TestRunService.Input()
        input.name = try p.optionalString("Name")
        input.includeAll = try p.optionalBool("IncludeAll")
        if p.value("Cases") != nil { input.caseIDs = try IssueFields.integers(p, "Cases", max: 5000) }
        input.assigneeID = try p.optionalInt("AssignedToId")
        input.description = try p.optionalString("Description")
        if let type = try p.optionalInt("ExecuteType") {
            guard let value = TestRun.ExecuteType(rawValue: type) else { throw .invalidValue("ExecuteType", "must be 1 (manual) or 2 (pipeline)") }
            input.executeType = value
        }
        input.sectionID = try p.optionalInt("SectionId")
        input.gitDepotID = try p.optionalInt("GitDepotId")
        input.gitReleaseID = try p.optionalInt("GitReleaseId")
        // Slipway: the iteration the plan tests, by code as CreateIssue names it (answered as `IterationId`; 0 unlinks it).
        input.iterationCode = try p.optionalInt("IterationCode")
        return input
    }

    static func answer(_ summary: TestRunService.Summary) -> any ActionOutput { TestRunOutput(Data: .init(Run: TestRunDTO(summary))) }

    @Sendable func createTestRun(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        _ = try p.string("Name")
        guard try p.optionalBool("IncludeAll") != nil else { throw CodingError.missingParameter("IncludeAll") }
        return Self.answer(try await service(call).create(projectKey: try p.string("ProjectName"), try Self.input(p), by: call.user))
    }

    @Sendable func modifyTestRun(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        return Self.answer(
            try await service(call).modify(projectKey: try p.string("ProjectName"), id: try p.int("RunId"), try Self.input(p), by: call.user))
    }

    @Sendable func deleteTestRun(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).delete(projectKey: try p.string("ProjectName"), id: try p.int("RunId"), by: call.user)
        return NoOutput()
    }

    @Sendable func archiveTestRun(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        return Self.answer(try await service(call).archive(projectKey: try p.string("ProjectName"), id: try p.int("RunId"), by: call.user))
    }

    @Sendable func describeTestRun(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        return Self.answer(try await service(call).run(projectKey: try p.string("ProjectName"), id: try p.int("RunId"), by: call.user))
    }

    /// DescribeTestRunList: filters `IsCompleted`, `State`, `ExecuteType`, `Keyword`, `SectionId`,
    /// `IterationId` (a list), `IterationStatus` (a list), `GitReleaseState`; no paging. The vendor
    /// calls the last four exclusive, yet its own example sends them together: given together, all apply.
    @Sendable func describeTestRunList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        var filter = TestRunFilter(projectKey: try p.string("ProjectName"))
        filter.isCompleted = try p.optionalBool("IsCompleted")
        if let type = try p.optionalInt("ExecuteType") {
            guard let value = TestRun.ExecuteType(rawValue: type) else { throw CodingError.invalidValue("ExecuteType", "must be 1 or 2") }
            filter.executeType = value
        }
        filter.sectionID = try p.optionalInt("SectionId")
        filter.keyword = String((try p.optionalString("Keyword") ?? "").prefix(IssueQuery.maxValueLength))
        try Self.scope(p, &filter)
        let state = try p.optionalInt("State")
        if let state, !(0...2).contains(state) { throw CodingError.invalidValue("State", "must be 0, 1 or 2") }
        let runs = try await service(call).list(filter, state: state, by: call.user)
        return TestRunListOutput(Data: .init(Runs: runs.map(TestRunDTO.init)))
    }

    /// The iteration and release filters of DescribeTestRunList (an empty list filters nothing).
    static func scope(_ p: ActionParameters, _ filter: inout TestRunFilter) throws(CodingError) {
        let iterations = try IssueFields.integers(p, "IterationId", max: 100)
        if !iterations.isEmpty { filter.iterationIDs = iterations }
        if p.value("IterationStatus") != nil {
            let statuses = try IssueConditions.strings(p, "IterationStatus").map { raw throws(CodingError) in
                guard let status = Iteration.Status(rawValue: raw.uppercased()) else {
                    throw CodingError.invalidValue("IterationStatus", "values must be WAIT_PROCESS, PROCESSING or COMPLETED")
                }
                return status
            }
            if !statuses.isEmpty { filter.iterationStatuses = statuses }
        }
        if let state = try p.optionalInt("GitReleaseState") {
            guard state == 0 || state == 1 else { throw .invalidValue("GitReleaseState", "must be 0 (not published) or 1 (published)") }
            filter.released = state == 1
        }
    }
}
