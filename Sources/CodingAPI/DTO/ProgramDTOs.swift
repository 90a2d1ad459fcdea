import SlipwayCore
import SlipwayServices

/// `ProgramData`: dates in seconds (as the vendor's example answers), times in milliseconds.
struct ProgramDTO: Encodable, Sendable {
    var Id: Int64
    var Name: String
    var DisplayName: String
    var NamePinyin: String
    var Description: String
    var Icon = ""
    var StartDate: Int64
    var EndDate: Int64
    var CreatedAt: Int64
    var UpdatedAt: Int64

    init(_ p: Program) {
        Id = p.id
        Name = p.name
        DisplayName = p.displayName
        NamePinyin = p.name
        Description = p.description
        StartDate = p.startDate / 1000
        EndDate = p.endDate / 1000
        CreatedAt = p.createdAt
        UpdatedAt = p.updatedAt
    }
}

struct ProgramOutput: ActionOutput {
    var Data: ProgramDTO
}

/// DescribePrograms: `Data{PageNumber, PageSize, TotalCount, Programs}`.
struct ProgramPageOutput: ActionOutput {
    struct Page: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalCount: Int
        var Programs: [ProgramDTO]
    }

    var Data: Page
}

struct ProgramListOutput: ActionOutput {
    var Data: [ProgramDTO]
}

/// A program work item as an `IssueDetail` of type `WORK_ITEM`.
struct WorkItemDTO: Encodable, Sendable {
    var Code: Int64
    var ParentType = ""
    var `Type` = "WORK_ITEM"
    var IssueTypeId: Int64 = 0
    var IssueTypeDetail: WorkItemTypeDTO = WorkItemTypeDTO()
    var Name: String
    var Description: String
    var IterationId: Int64 = 0
    var Iteration = IterationSimpleDTO(nil)
    var IssueStatusId: Int64
    var IssueStatusName: String
    var IssueStatusType: String
    var Priority: String
    var Assignee: IssueUserDTO
    var Assignees: [IssueUserDTO]
    var Creator: IssueUserDTO
    var StartDate: Int64 = 0
    var DueDate: Int64 = 0
    var WorkingHours: Double = 0
    var StoryPoint = ""
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var CompletedAt: Int64 = 0
    var Watchers: [IssueUserDTO] = []
    var Parent: IssueSimpleDTO
    var Epic: IssueSimpleDTO
    /// The program the work item belongs to, in the `Project` shape (a program is CODING's project of projects).
    var Project: ProjectDTO
    var ProjectModule = IssueNamedDTO()
    var RequirementType = IssueNamedDTO()
    var DefectType = IssueDefectTypeDTO()
    var Labels: [IssueNamedDTO] = []
    var Files: [IssueFileDTO] = []
    var CustomFields: [IssueCustomFieldDTO] = []
    var ThirdLinks: [IssueNamedDTO] = []
    var SubTasks: [IssueSimpleDTO] = []
    /// Slipway: the program the work item belongs to.
    var ProgramName: String

    init(_ s: ProgramService.WorkItemSummary, _ people: PlanningPeople, team: String) {
        let item = s.item
        Code = item.code
        Name = item.name
        Description = item.description
        IssueStatusId = item.statusID
        IssueStatusName = item.status.name
        IssueStatusType = item.status.category.rawValue
        Priority = item.priority
        Assignee = IssueUserDTO(item.assigneeUID, people, team: team)
        Assignees = item.assigneeUID.isEmpty ? [] : [Assignee]
        Creator = IssueUserDTO(item.creatorUID, people, team: team)
        Parent = IssueSimpleDTO.none(team: team)
        Epic = Parent
        Project = ProjectDTO(program: s.program, ownerID: people.id(s.program.creatorUID))
        CreatedAt = item.createdAt
        UpdatedAt = item.updatedAt
        ProgramName = s.program.name
    }
}

extension ProjectDTO {
    /// A program in the `Project` shape; its dates in milliseconds, as projects' are.
    init(program p: Program, ownerID: Int64) {
        Id = p.id
        CreatedAt = p.createdAt
        UpdatedAt = p.updatedAt
        Name = p.name
        DisplayName = p.displayName
        Description = p.description
        UserOwnerId = ownerID
        IsPublic = false
        StartDate = p.startDate
        EndDate = p.endDate
    }
}

/// The `WORK_ITEM` issue type.
struct WorkItemTypeDTO: Encodable, Sendable {
    var Id: Int64 = 0
    var Name = "工作项"
    var IssueType = "WORK_ITEM"
    var Description = "A requirement or task of a program, split into issues of its projects"
    var IsSystem = true
}

struct WorkItemListOutput: ActionOutput {
    var WorkItemList: [WorkItemDTO]
}

/// Slipway's CreateProgramWorkItem: the new work item's code.
struct WorkItemCodeOutput: ActionOutput {
    var WorkItemCode: Int64
}

extension ProgramDTO {
    /// A program's project in the `Program` shape (DescribeProgramProjects); its dates in
    /// milliseconds, as the project's own `ProjectDTO` answers them.
    init(project p: Project, id: Int64) {
        Id = id
        Name = p.key
        DisplayName = p.name
        NamePinyin = p.key
        Description = p.description
        StartDate = p.startDate
        EndDate = p.endDate
        CreatedAt = p.createdAt
        UpdatedAt = p.updatedAt
    }
}

/// `ProgramProgramMemberPolicy`: a policy held in a program (its id as a string).
struct ProgramPolicyDTO: Encodable, Sendable {
    var PolicyId: String
    var PolicyName: String
    var PolicyAlias: String

    init(_ policy: ProgramPolicy) {
        PolicyId = String(policy.id)
        PolicyName = policy.rawValue
        PolicyAlias = policy.alias
    }
}

struct ProgramPolicyListOutput: ActionOutput {
    var Data: [ProgramPolicyDTO]
}
