import SlipwayCore
import SlipwayServices

/// The `IssueStatus` of a workbench issue.
struct WorkbenchStatusDTO: Encodable, Sendable {
    var Id: Int64
    var Name: String
    var `Type`: String
    var Index: Int
    var IsSystem = true
    var Description: String
    var CreatedAt: Int64 = 0
    var UpdatedAt: Int64 = 0

    init(_ issue: Issue) {
        let status = issue.status
        Id = status.id
        Name = status.name
        Type = status.category.rawValue
        Index = IssueWorkflow.statuses(of: issue.kind).firstIndex(of: status) ?? 0
        Description = status.summary
    }
}

/// One issue of DescribeWorkbenchIssueList. `Description` says whether the issue has one.
struct WorkbenchIssueDTO: Encodable, Sendable {
    var Code: Int64
    var `Type`: String
    var IssueType: IssueTypeDetailDTO
    var Name: String
    var ParentCode: Int64
    var Description: Bool
    var Priority: String
    var DueDate: Int64
    var ProjectId: Int64
    var Project: ProjectDTO?
    var ParentIssue: IssueSimpleDTO
    var Assignee: IssueUserDTO
    var Creator: IssueUserDTO
    var IssueStatus: WorkbenchStatusDTO
    var Iteration: IterationSimpleDTO
    var CreatedAt: Int64
    var UpdatedAt: Int64

    init(_ issue: Issue, _ listing: IssueListing, project: ProjectDTO?, team: String) {
        let parent = issue.parentID.flatMap { listing.parents[$0] }
        Code = issue.code
        Type = issue.kind.rawValue
        IssueType = IssueTypeDetailDTO(issue.kind)
        Name = issue.name
        ParentCode = parent?.code ?? 0
        Description = !issue.description.isEmpty
        Priority = issue.priority
        DueDate = issue.dueDate
        ProjectId = project?.Id ?? 0
        Project = project
        ParentIssue = parent.map { IssueSimpleDTO($0, listing.people, team: team) } ?? .none(team: team)
        Assignee = IssueUserDTO(issue.assigneeUID, listing.people, team: team)
        Creator = IssueUserDTO(issue.creatorUID, listing.people, team: team)
        IssueStatus = WorkbenchStatusDTO(issue)
        Iteration = IterationSimpleDTO(issue.iterationID.flatMap { listing.iterations[$0] })
        CreatedAt = issue.createdAt
        UpdatedAt = issue.updatedAt
    }
}

struct WorkbenchIssueListOutput: ActionOutput {
    struct Page: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalCount: Int
        var IssueList: [WorkbenchIssueDTO]
    }

    var Data: Page
}
