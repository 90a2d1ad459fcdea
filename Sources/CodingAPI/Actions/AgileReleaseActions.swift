import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING agile releases (§2.4, "版本管理"; not the git releases of `ReleaseActions`): create,
/// read, change, delete and list a project's releases, a release's issues and an issue's
/// releases, over `AgileReleaseService`.
struct AgileReleaseActions: Sendable {
    func service(_ call: ActionCall) -> AgileReleaseService { AgileReleaseService(call.services.context) }

    func dtos(_ summaries: [AgileReleaseService.Summary], _ call: ActionCall) async throws -> [AgileReleaseDTO] {
        let people = try await service(call).people(summaries)
        return summaries.map { AgileReleaseDTO($0, people) }
    }

    func answer(_ summary: AgileReleaseService.Summary, _ call: ActionCall) async throws -> any ActionOutput {
        AgileReleaseOutput(Release: try await dtos([summary], call)[0])
    }

    /// The fields of CreateRelease and ModifyRelease. On a change an empty value leaves the field
    /// as it is (the vendor's ModifyRelease example sends `""`, `0` and `[]` for those it keeps).
    static func input(_ p: ActionParameters, change: Bool) throws(CodingError) -> AgileReleaseService.Input {
        var input = AgileReleaseService.Input()
        input.name = try p.optionalString("Name").flatMap { change && $0.isEmpty ? nil : $0 }
        input.description = try p.optionalString("Description").flatMap { change && $0.isEmpty ? nil : $0 }
        input.assigneeID = try p.optionalInt("Assignee").flatMap { change && $0 == 0 ? nil : $0 }
        input.startDate = try IssueFields.date(p, "StartDate")
        input.releaseDate = try IssueFields.date(p, "ReleaseDate")
        if p.value("IterationCodes") != nil {
            let codes = try IssueFields.integers(p, "IterationCodes", max: 100)
            input.iterationCodes = change && codes.isEmpty ? nil : codes
        }
        return input
    }

    @Sendable func createRelease(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        _ = try p.string("Name")
        return try await answer(try await service(call).create(projectKey: try p.string("ProjectName"), try Self.input(p, change: false), by: call.user), call)
    }

    @Sendable func describeRelease(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        return try await answer(try await service(call).release(projectKey: try p.string("ProjectName"), code: try p.int("ReleaseCode"), by: call.user), call)
    }

    @Sendable func modifyRelease(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let summary = try await service(call).modify(
            projectKey: try p.string("ProjectName"), code: try p.int("ReleaseCode"), try Self.input(p, change: true), by: call.user)
        return try await answer(summary, call)
    }

    @Sendable func deleteRelease(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).delete(projectKey: try p.string("ProjectName"), code: try p.int("ReleaseCode"), by: call.user)
        return NoOutput()
    }

    @Sendable func describeIssueReleaseList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let key = try p.string("ProjectName")
        let summaries = try await service(call).releases(projectKey: key, issueCode: try p.int("IssueCode"), by: call.user)
        return AgileReleaseListOutput(ReleaseList: try await dtos(summaries, call))
    }

    /// DescribeReleaseList: `SortKey` (CODE, NAME, CREATED_AT, UPDATED_AT, START_DATE,
    /// RELEASE_DATE) and `SortValue` (ASC, DESC); `OpenApiIssueCondition` keys STATUS_TYPE,
    /// ASSIGNEE, KEYWORD; `Page`/`PageSize` (max 500).
    @Sendable func describeReleaseList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let key = try p.string("ProjectName")
        var filter = AgileReleaseService.ListFilter(projectKey: key)
        if let sort = try p.optionalString("SortKey"), !sort.isEmpty {
            guard let s = AgileReleaseService.ListFilter.SortKey(rawValue: sort.uppercased()) else {
                let keys = AgileReleaseService.ListFilter.SortKey.allCases.map(\.rawValue).joined(separator: ", ")
                throw CodingError.invalidValue("SortKey", "must be one of \(keys)")
            }
            filter.sort = s
        }
        switch (try p.optionalString("SortValue") ?? "").uppercased() {
        case "", "ASC": filter.descending = false
        case "DESC": filter.descending = true
        default: throw CodingError.invalidValue("SortValue", "must be ASC or DESC")
        }
        try AgileReleaseConditions.apply(p, to: &filter)
        let (number, size) = try p.page(number: "Page", defaultSize: 20, maxSize: 500)
        filter.offset = (number - 1) * size
        filter.limit = size
        let (summaries, total) = try await service(call).list(filter, by: call.user)
        return AgileReleasePageOutput(
            Data: .init(
                PageNumber: number, PageSize: size, TotalPage: (total + size - 1) / size, TotalCount: total,
                List: try await dtos(summaries, call)))
    }

    /// DescribeReleaseIssueList: the issues of the release's iterations, filtered by
    /// `IssueTypes`, `IssueTypeIds`, `StatusTypes`, `Assignees`, `Watchers`, `Keywords`; `SortBy` `KEY:ASC|DESC`;
    /// `ShowSubIssues` false leaves sub-tasks out; `Page`/`PageSize` (max 500).
    @Sendable func describeReleaseIssueList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let key = try p.string("ProjectName")
        var query = try AgileReleaseConditions.issueQuery(p, projectKey: key)
        let (number, size) = try p.page(number: "Page", defaultSize: 20, maxSize: 500)
        query.offset = (number - 1) * size
        query.limit = size
        let watchers = try IssueFields.integers(p, "Watchers", max: IssueQuery.maxValues)
        let page = try await service(call).issues(projectKey: key, code: try p.int("ReleaseCode"), query, watcherIDs: watchers, by: call.user)
        return IssueDetailPageOutput(
            Data: .init(
                PageNumber: number, PageSize: size, TotalPage: (page.total + size - 1) / size, TotalCount: page.total,
                List: try await IssueActions().dtos(page.details, call)))
    }
}
