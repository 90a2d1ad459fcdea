import SlipwayCore
import SlipwayServices

/// The issue module's `User`.
struct IssueUserDTO: Encodable, Sendable {
    var Id: Int64 = 0
    var Status: Int = 0
    var GlobalKey = ""
    var Avatar = ""
    var Name = ""
    var Email = ""
    var Phone = ""
    var TeamId: Int64 = CodingTeam.id
    var TeamGlobalKey: String

    init(_ uid: String, _ people: PlanningPeople, team: String) {
        TeamGlobalKey = team
        guard let user = people.users[uid] else { return }
        Id = people.id(uid)
        Status = 1
        GlobalKey = user.account
        Name = user.name
        Email = user.email
    }
}

/// `IssueTypeDetail`.
struct IssueTypeDetailDTO: Encodable, Sendable {
    var Id: Int64
    var Name: String
    var IssueType: String
    var Description: String
    var IsSystem = true

    init(_ kind: IssueKind) {
        Id = kind.id
        Name = kind.name
        IssueType = kind.rawValue
        Description = kind.summary
    }
}

/// `IssueSimpleData` (parents, block lists, defect lists); `SubTask` and `Epic` are its subsets.
struct IssueSimpleDTO: Encodable, Sendable {
    var Code: Int64
    var `Type`: String
    var Name: String
    var Priority: String
    var IssueStatusId: Int64
    var IssueStatusName: String
    var IssueStatusType: String
    var IssueTypeDetail: IssueTypeDetailDTO
    var Assignee: IssueUserDTO

    init(_ issue: Issue, _ people: PlanningPeople, team: String) {
        Code = issue.code
        Type = issue.kind.rawValue
        Name = issue.name
        Priority = issue.priority
        IssueStatusId = issue.statusID
        IssueStatusName = issue.status.name
        IssueStatusType = issue.status.category.rawValue
        IssueTypeDetail = IssueTypeDetailDTO(issue.kind)
        Assignee = IssueUserDTO(issue.assigneeUID, people, team: team)
    }

    /// The empty object CODING answers for "none" (no parent, no epic).
    static func none(team: String) -> IssueSimpleDTO {
        var none = IssueSimpleDTO(
            Issue(projectKey: "", kind: .requirement, name: "", statusID: 0, priority: ""), PlanningPeople(), team: team)
        none.Code = 0
        none.IssueStatusName = ""
        none.IssueStatusType = ""
        none.Type = ""
        return none
    }
}

/// `IterationSimple`.
struct IterationSimpleDTO: Encodable, Sendable {
    var Id: Int64 = 0
    var Code: Int64 = 0
    var Name = ""
    var Status = ""

    init(_ iteration: Iteration?) {
        guard let iteration else { return }
        Id = iteration.id
        Code = iteration.code
        Name = iteration.name
        Status = iteration.status.rawValue
    }
}

/// `{Id, Name}` objects the issue answers carry but Slipway does not model (module, type).
struct IssueNamedDTO: Encodable, Sendable {
    var Id: Int64 = 0
    var Name = ""
}

struct IssueDefectTypeDTO: Encodable, Sendable {
    var Id: Int64 = 0
    var Name = ""
    var IconUrl = ""
}

/// `IssueListData` (issue lists, sub-issue lists).
struct IssueListDataDTO: Encodable, Sendable {
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
    var AssigneeId: Int64
    var Assignees: [IssueUserDTO]
    var CreatorId: Int64
    var StartDate: Int64
    var DueDate: Int64
    var WorkingHours: Double
    var StoryPoint: String
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var CompletedAt: Int64
    var ParentCode: Int64
    var Labels: [IssueLabelDTO]
    var CustomFields: [IssueNamedDTO] = []
    /// Slipway: what the issue's work logs add up to, and the hours left.
    var SpentHours: Double
    var RemainingHours: Double

    init(_ issue: Issue, _ listing: IssueListing, team: String) {
        let parent = issue.parentID.flatMap { listing.parents[$0] }
        Code = issue.code
        ParentType = parent?.kind.rawValue ?? ""
        Type = issue.kind.rawValue
        IssueTypeId = issue.kind.id
        IssueTypeDetail = IssueTypeDetailDTO(issue.kind)
        Name = issue.name
        Description = issue.description
        IterationId = issue.iterationID ?? 0
        Iteration = IterationSimpleDTO(issue.iterationID.flatMap { listing.iterations[$0] })
        IssueStatusId = issue.statusID
        IssueStatusName = issue.status.name
        IssueStatusType = issue.status.category.rawValue
        Priority = issue.priority
        AssigneeId = listing.people.id(issue.assigneeUID)
        Assignees = issue.assigneeUID.isEmpty ? [] : [IssueUserDTO(issue.assigneeUID, listing.people, team: team)]
        CreatorId = listing.people.id(issue.creatorUID)
        StartDate = issue.startDate
        DueDate = issue.dueDate
        WorkingHours = issue.workingHours
        StoryPoint = issue.storyPoint
        CreatedAt = issue.createdAt
        UpdatedAt = issue.updatedAt
        CompletedAt = issue.completedAt
        ParentCode = parent?.code ?? 0
        Labels = (listing.labels[issue.id] ?? []).map(IssueLabelDTO.init)
        SpentHours = issue.spentHours
        RemainingHours = issue.remainingHours
    }
}
