import SlipwayCore
import SlipwayServices

/// `SimpleRelease`: a project release with its iterations and the counts of its issues.
struct AgileReleaseDTO: Encodable, Sendable {
    var Id: Int64
    var Code: Int64
    var Name: String
    var ProjectId: Int64
    var Description: String
    var Assignee: Int64
    var Creator: Int64
    var Status: String
    /// Slipway: `Status` as a code (`TODO`, `PROCESSING`, `COMPLETED`), the value `STATUS_TYPE` filters on.
    var StatusType: String
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var StartDate: Int64
    var ReleaseDate: Int64
    var Iterations: [IterationSimpleDTO]
    var WaitProcessCount: Int
    var ProcessingCount: Int
    var CompletedCount: Int
    var CompletedPercent: Double

    init(_ s: AgileReleaseService.Summary, _ people: PlanningPeople) {
        let r = s.release
        Id = r.id
        Code = r.code
        Name = r.name
        ProjectId = s.projectID
        Description = r.description
        Assignee = people.id(r.assigneeUID)
        Creator = people.id(r.creatorUID)
        Status = s.progress.displayName
        StatusType = s.progress.rawValue
        CreatedAt = r.createdAt
        UpdatedAt = r.updatedAt
        StartDate = r.startDate
        ReleaseDate = r.releaseDate
        Iterations = s.iterations.map { IterationSimpleDTO($0) }
        WaitProcessCount = s.counts.todo
        ProcessingCount = s.counts.processing
        CompletedCount = s.counts.completed
        CompletedPercent = s.counts.total == 0 ? 0 : Double(s.counts.completed) * 100 / Double(s.counts.total)
    }
}

/// CreateRelease, DescribeRelease, ModifyRelease (documented as `Relase`; the examples answer `Release`).
struct AgileReleaseOutput: ActionOutput {
    var Release: AgileReleaseDTO
}

struct AgileReleaseListOutput: ActionOutput {
    var ReleaseList: [AgileReleaseDTO]
}

/// DescribeReleaseList: `Data{PageNumber, PageSize, TotalPage, TotalCount, List}`.
struct AgileReleasePageOutput: ActionOutput {
    struct Page: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalCount: Int
        var List: [AgileReleaseDTO]
    }

    var Data: Page
}
