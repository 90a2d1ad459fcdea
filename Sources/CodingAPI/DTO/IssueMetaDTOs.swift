import SlipwayCore
import SlipwayServices

struct IssueTypesOutput: ActionOutput {
    var IssueTypes: [IssueTypeDetailDTO]
}

/// A project's issue type, with what it splits into.
struct ProjectIssueTypeDTO: Encodable, Sendable {
    var Id: Int64
    var Name: String
    var IssueType: String
    var Description: String
    var IsSystem = true
    var SplitType: String
    var SplitTargetIssueTypeId: [Int64]

    init(_ kind: IssueKind) {
        Id = kind.id
        Name = kind.name
        IssueType = kind.rawValue
        Description = kind.summary
        SplitType = kind.splitTargets.isEmpty ? "NONE" : (kind.splitTargets == [.subTask] ? "SUB_TASK" : "ISSUE")
        SplitTargetIssueTypeId = kind.splitTargets.map(\.id)
    }
}

struct ProjectIssueTypesOutput: ActionOutput {
    var IssueTypes: [ProjectIssueTypeDTO]
}

/// `IssueStatus`.
struct IssueStatusDTO: Encodable, Sendable {
    var Id: Int64
    var Index: Int64
    var Name: String
    var `Type`: String
    var Description: String
    var IsSystem = true
    var CreatedAt: Int64 = 0
    var UpdatedAt: Int64 = 0

    init(_ status: IssueStatus) {
        Id = status.id
        Index = status.id
        Name = status.name
        Type = status.category.rawValue
        Description = status.summary
    }
}

/// One status of a project's issue type (`ProjectIssueStatusList` items).
struct ProjectIssueStatusDTO: Encodable, Sendable {
    var IssueType: String
    var IssueStatusId: Int64
    var IsDefault: Bool
    var Sort: Int64
    var IssueStatus: IssueStatusDTO
    var CreatedAt: Int64 = 0
    var UpdatedAt: Int64 = 0
}

struct ProjectIssueStatusListOutput: ActionOutput {
    var ProjectIssueStatusList: [ProjectIssueStatusDTO]
}

/// DescribeIssueStatusChangeLogList: `Logs{List}`.
struct StatusChangeLogsOutput: ActionOutput {
    struct Entry: Encodable, Sendable {
        var IssueCode: Int64
        var StatusId: Int64
        var StatusName: String
        var CreatedAt: Int64
        var IssueStatus: IssueStatusDTO
    }

    struct Logs: Encodable, Sendable {
        var List: [Entry]
    }

    var Logs: Logs
}

/// DescribeIssueCommentList: `CommentList`.
struct IssueCommentsOutput: ActionOutput {
    struct Comment: Encodable, Sendable {
        var CommentId: Int64
        var ParentId: Int64
        var CreatorId: Int64
        var Content: String
        var RawContent: String
        var CreatedAt: Int64
        var UpdatedAt: Int64
    }

    var CommentList: [Comment]
}

/// DescribeIssueWorkLogList: `WorkLogs`.
struct WorkLogsOutput: ActionOutput {
    struct Entry: Encodable, Sendable {
        var Id: Int64
        var IssueId: Int64
        var IssueCode: Int64
        var ProjectName: String
        var UserId: Int64
        var RecordHours: Double
        var RemainingHours: Double
        var StartAt: Int64
        var WorkingDesc: String
        var CreatedAt: Int64
        var UpdatedAt: Int64
    }

    var WorkLogs: [Entry]
}

/// CODING's `Iteration`: users are numeric ids; counts of its issues by status class.
struct IterationDTO: Encodable, Sendable {
    var Code: Int64
    var Name: String
    var Goal: String
    var Status: String
    var StartAt: Int64
    var EndAt: Int64
    var Assignee: Int64
    var Creator: Int64
    var Starter: Int64
    var Completer: Int64
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var WaitProcessCount: Int
    var ProcessingCount: Int
    var CompletedCount: Int
    var CompletedPercent: Double

    init(_ s: IterationService.Summary, _ people: PlanningPeople) {
        let it = s.iteration
        Code = it.code
        Name = it.name
        Goal = it.goal
        Status = it.status.rawValue
        StartAt = it.startAt == 0 ? Self.unset : it.startAt
        EndAt = it.endAt == 0 ? Self.unset : it.endAt
        Assignee = people.id(it.assigneeUID)
        Creator = people.id(it.creatorUID)
        Starter = people.id(it.starterUID)
        Completer = people.id(it.completerUID)
        CreatedAt = it.createdAt
        UpdatedAt = it.updatedAt
        WaitProcessCount = s.counts.todo
        ProcessingCount = s.counts.processing
        CompletedCount = s.counts.completed
        CompletedPercent = s.counts.total == 0 ? 0 : Double(s.counts.completed) * 100 / Double(s.counts.total)
    }

    /// CODING's "not set" date: 1970-01-01 00:00 at UTC+8.
    static let unset: Int64 = -28_800_000
}

struct IterationOutput: ActionOutput {
    var Iteration: IterationDTO
}

/// DescribeIterationList: `Data{Page,PageSize,TotalPage,TotalRow,List}`.
struct IterationListOutput: ActionOutput {
    struct Page: Encodable, Sendable {
        var Page: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalRow: Int
        var List: [IterationDTO]
    }

    var Data: Page
}
