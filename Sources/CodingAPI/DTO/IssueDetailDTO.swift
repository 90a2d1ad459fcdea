import SlipwayCore
import SlipwayServices

/// `IssueDetail` (CreateIssue, DescribeIssue, ModifyIssue). Third-party links are not
/// modelled: they answer empty; no module answers `{Id: 0, Name: ""}`.
struct IssueDetailDTO: Encodable, Sendable {
    var Code: Int64
    var ParentType: String
    var `Type`: String
    var IssueTypeId: Int64
    var IssueTypeDetail: IssueTypeDetailDTO
    var Name: String
    var Description: String
    var IterationId: Int64
    var Iteration: IterationSimpleDTO
    var IssueStatusId: Int64
    var IssueStatusName: String
    var IssueStatusType: String
    var Priority: String
    var Assignee: IssueUserDTO
    var Assignees: [IssueUserDTO]
    var Creator: IssueUserDTO
    var Watchers: [IssueUserDTO]
    var StartDate: Int64
    var DueDate: Int64
    var WorkingHours: Double
    var StoryPoint: String
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var CompletedAt: Int64
    var Parent: IssueSimpleDTO
    var Epic: IssueSimpleDTO
    var SubTasks: [IssueSimpleDTO]
    var Project: ProjectDTO
    var ProjectModule = IssueNamedDTO()
    var RequirementType = IssueNamedDTO()
    var DefectType = IssueDefectTypeDTO()
    var Labels: [IssueLabelDTO] = []
    var Files: [IssueFileDTO] = []
    var CustomFields: [IssueCustomFieldDTO] = []
    var ThirdLinks: [IssueNamedDTO] = []
    /// Slipway: what the issue's work logs add up to, and the hours left.
    var SpentHours: Double
    var RemainingHours: Double

    init(_ d: IssueDetail, project: ProjectDTO, team: String) {
        let issue = d.issue
        Code = issue.code
        ParentType = d.parent?.kind.rawValue ?? ""
        Type = issue.kind.rawValue
        IssueTypeId = issue.kind.id
        IssueTypeDetail = IssueTypeDetailDTO(issue.kind)
        Name = issue.name
        Description = issue.description
        IterationId = issue.iterationID ?? 0
        Iteration = IterationSimpleDTO(d.iteration)
        IssueStatusId = issue.statusID
        IssueStatusName = issue.status.name
        IssueStatusType = issue.status.category.rawValue
        Priority = issue.priority
        Assignee = IssueUserDTO(issue.assigneeUID, d.people, team: team)
        Assignees = issue.assigneeUID.isEmpty ? [] : [Assignee]
        Creator = IssueUserDTO(issue.creatorUID, d.people, team: team)
        Watchers = issue.watcherUIDs.map { IssueUserDTO($0, d.people, team: team) }
        StartDate = issue.startDate
        DueDate = issue.dueDate
        WorkingHours = issue.workingHours
        StoryPoint = issue.storyPoint
        CreatedAt = issue.createdAt
        UpdatedAt = issue.updatedAt
        CompletedAt = issue.completedAt
        let none = IssueSimpleDTO.none(team: team)
        Parent = d.parent.map { IssueSimpleDTO($0, d.people, team: team) } ?? none
        Epic = d.parent.flatMap { $0.kind == .epic ? IssueSimpleDTO($0, d.people, team: team) : nil } ?? none
        SubTasks = d.children.map { IssueSimpleDTO($0, d.people, team: team) }
        self.Project = project
        Files = d.files.map(IssueFileDTO.init)
        Labels = d.labels.map(IssueLabelDTO.init)
        ProjectModule = d.module.map(IssueNamedDTO.init) ?? IssueNamedDTO()
        CustomFields = d.customValues.sorted { $0.key < $1.key }.map { IssueCustomFieldDTO(Id: $0.key, ValueString: $0.value) }
        SpentHours = issue.spentHours
        RemainingHours = issue.remainingHours
    }
}

struct IssueOutput: ActionOutput {
    var Issue: IssueDetailDTO
}

/// DescribeIssueListWithPage's `Data`.
struct IssuePageOutput: ActionOutput {
    struct Page: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalCount: Int
        var List: [IssueListDataDTO]
    }

    var Data: Page
}

/// DescribeReleaseIssueList's `Data`: a page of whole `IssueDetail`s.
struct IssueDetailPageOutput: ActionOutput {
    struct Page: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalCount: Int
        var List: [IssueDetailDTO]
    }

    var Data: Page
}

/// DescribeIssueList (Offset/Limit): `IssueList`, no total.
struct IssueListOutput: ActionOutput {
    var IssueList: [IssueListDataDTO]
}

struct SubIssueListOutput: ActionOutput {
    var SubIssueList: [IssueListDataDTO]
}

/// Block lists and requirement–defect lists: `Issues`.
struct IssuesOutput: ActionOutput {
    var Issues: [IssueSimpleDTO]
}
