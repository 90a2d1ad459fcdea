import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING iterations (§2.3): create, read, change, delete, list, start/complete/restart, and
/// planning issues into them, over `IterationService`.
struct IterationActions: Sendable {
    func service(_ call: ActionCall) -> IterationService { IterationService(call.services.context) }

    func answer(_ summary: IterationService.Summary, _ call: ActionCall) async throws -> any ActionOutput {
        IterationOutput(Iteration: IterationDTO(summary, try await service(call).people([summary.iteration])))
    }

    static func input(_ p: ActionParameters) throws(CodingError) -> IterationService.Input {
        var input = IterationService.Input()
        input.name = try p.optionalString("Name")
        input.goal = try p.optionalString("Goal")
        input.assigneeID = try p.optionalInt("Assignee")
        input.startAt = try IssueFields.date(p, "StartAt").map { $0 < 0 ? 0 : $0 }
        input.endAt = try IssueFields.date(p, "EndAt").map { $0 < 0 ? 0 : $0 }
        return input
    }

    @Sendable func createIteration(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        _ = try p.string("Name")
        return try await answer(try await service(call).create(projectKey: try p.string("ProjectName"), try Self.input(p), by: call.user), call)
    }

    @Sendable func describeIteration(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        return try await answer(
            try await service(call).iteration(projectKey: try p.string("ProjectName"), code: try p.int("IterationCode"), by: call.user), call)
    }

    @Sendable func modifyIteration(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        _ = try p.string("Name")
        let summary = try await service(call).modify(
            projectKey: try p.string("ProjectName"), code: try p.int("IterationCode"), try Self.input(p), by: call.user)
        return try await answer(summary, call)
    }

    @Sendable func deleteIteration(_ call: ActionCall) async throws -> any ActionOutput {
        try await service(call).delete(
            projectKey: try call.parameters.string("ProjectName"), code: try call.parameters.int("IterationCode"), by: call.user)
        return NoOutput()
    }

    /// ModifyIterationStatus: `Operator` start | complete | restart; completing moves unfinished
    /// issues to `JoinIterationCode` (or out of any iteration).
    @Sendable func modifyIterationStatus(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        guard let operation = IterationService.Operation(rawValue: try p.string("Operator").lowercased()) else {
            throw CodingError.invalidValue("Operator", "must be start, complete or restart")
        }
        let summary = try await service(call).transition(
            projectKey: try p.string("ProjectName"), code: try p.int("IterationCode"), operation,
            moveTo: try p.optionalInt("JoinIterationCode") ?? 0, by: call.user)
        return try await answer(summary, call)
    }

    /// PlanIterationIssue: `IssueCode` an array (or one code); `IterationCode` 0 takes them out.
    @Sendable func planIterationIssue(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let codes = try IssueFields.integers(p, "IssueCode")
        guard !codes.isEmpty else { throw CodingError.missingParameter("IssueCode") }
        try await service(call).plan(projectKey: try p.string("ProjectName"), code: try p.int("IterationCode"), issueCodes: codes, by: call.user)
        return NoOutput()
    }

    /// DescribeIterationList: filters `Status[]`, `Assignee[]`, `StartDate`/`EndDate`, `Keywords`; `Offset`/`Limit`.
    @Sendable func describeIterationList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        var filter = IterationFilter(projectKey: try p.string("ProjectName"))
        for status in try IssueConditions.strings(p, "Status") {
            guard let s = Iteration.Status(rawValue: status) else {
                throw CodingError.invalidValue("Status", "must list WAIT_PROCESS, PROCESSING or COMPLETED")
            }
            filter.statuses.append(s)
        }
        filter.assigneeIDs = try IssueFields.integers(p, "Assignee", max: 100)
        filter.keyword = String((try p.optionalString("Keywords") ?? "").prefix(IssueQuery.maxValueLength))
        filter.from = try IssueFields.date(p, "StartDate") ?? 0
        filter.to = try IssueFields.date(p, "EndDate") ?? 0
        let offset = try p.optionalInt("Offset") ?? 0, limit = try p.optionalInt("Limit") ?? 20
        guard offset >= 0, offset <= 1_000_000 else { throw CodingError.invalidValue("Offset", "must be 0…1000000") }
        guard (1...500).contains(limit) else { throw CodingError.invalidValue("Limit", "must be 1…500") }
        filter.offset = Int(offset)
        filter.limit = Int(limit)
        let (summaries, total) = try await service(call).list(filter, by: call.user)
        let people = try await service(call).people(summaries.map(\.iteration))
        return IterationListOutput(
            Data: .init(
                Page: Int(offset / limit) + 1, PageSize: Int(limit), TotalPage: (total + Int(limit) - 1) / Int(limit), TotalRow: total,
                List: summaries.map { IterationDTO($0, people) }))
    }
}
