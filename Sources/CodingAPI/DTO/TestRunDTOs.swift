import Foundation
import SlipwayCore
import SlipwayServices

/// A test plan with its counters (`State` 0 not started, 1 in progress, 2 finished), its iteration
/// and its release (`GitReleaseState` 1 published, 0 a pre-release). Plans are not linked to
/// environments here, so `ConfigEnvironmentId` is 0.
struct TestRunDTO: Encodable, Sendable {
    let Id: Int64, IterationId: Int64, IterationName: String, Name: String, IncludeAll: Bool, IsCompleted: Bool, CompletedAt: String
    let PassedCount: Int, RetestCount: Int, FailedCount: Int, UntestedCount: Int, BlockedCount: Int
    let AssignedToId: Int64, Description: String, CreatedBy: Int64, CreatedAt: String, SectionId: Int64, SectionName: String
    let State: Int64, Days: Int64, ConfigEnvironmentId: Int64, ExecuteType: Int64
    let GitDepotId: Int64, GitDepotName: String, GitReleaseId: Int64, GitReleaseName: String, GitReleaseState: Int64

    init(_ s: TestRunService.Summary) {
        let r = s.run
        Id = r.id
        IterationId = s.iteration?.id ?? 0
        IterationName = s.iteration?.name ?? ""
        Name = r.name
        IncludeAll = r.includeAll
        IsCompleted = r.isCompleted
        CompletedAt = TestTime.text(r.completedAt)
        PassedCount = s.counts[.passed]
        RetestCount = s.counts[.retest]
        FailedCount = s.counts[.failed]
        UntestedCount = s.counts[.untested]
        BlockedCount = s.counts[.blocked]
        AssignedToId = s.people.id(r.assigneeUID)
        Description = r.description
        CreatedBy = s.people.id(r.creatorUID)
        CreatedAt = TestTime.text(r.createdAt)
        SectionId = r.sectionID
        SectionName = s.sectionName
        State = s.counts.state(completed: r.isCompleted)
        let end = r.isCompleted ? r.completedAt : EpochMillis.now()
        Days = max(0, (end - r.createdAt) / 86_400_000)
        ConfigEnvironmentId = 0
        ExecuteType = r.executeType.rawValue
        GitDepotId = r.gitDepotID
        GitDepotName = s.depotName
        GitReleaseId = s.release?.id ?? 0
        GitReleaseName = s.release?.tagName ?? ""
        GitReleaseState = s.release.map { $0.isPrerelease ? 0 : 1 } ?? 0
    }
}

struct TestRunOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Run: TestRunDTO }
    let Data: Body
}

struct TestRunListOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Runs: [TestRunDTO] }
    let Data: Body
}

/// A test (a case inside a run); `Case` and `SectionPath` only in DescribeTest.
struct TestDTO: Encodable, Sendable {
    let Id: Int64, Title: String, Priority: Int64, CaseId: Int64, SectionId: Int64, Status: String, IsCompleted: Bool
    let AssignedToId: Int64, TestedAt: String, Sort: Int64
    var TestedBy: Int64?
    var SectionPath: [String]?
    var Case: TestCaseDTO?

    init(_ d: TestExecutionService.Detail, _ people: PlanningPeople, full: Bool) {
        Id = d.test.id
        Title = d.testCase.title
        Priority = d.testCase.priority
        CaseId = d.testCase.id
        SectionId = d.testCase.sectionID
        Status = d.test.status.rawValue
        IsCompleted = d.run.isCompleted
        AssignedToId = people.id(d.test.assigneeUID)
        TestedAt = TestTime.text(d.test.testedAt)
        Sort = d.test.sort
        if full {
            TestedBy = people.id(d.test.testerUID)
            SectionPath = d.sectionPath
            Case = TestCaseDTO(d.testCase, people)
        }
    }
}

struct TestOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Test: TestDTO }
    let Data: Body
}

struct TestListOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Tests: [TestDTO] }
    let Data: Body
}

struct TestDefectDTO: Encodable, Sendable {
    let Id: Int64, Name: String, Description: String, Status: String, StatusName: String, AssignedTo: String, Author: String
    let CreatedAt: String

    init(_ issue: Issue, _ people: PlanningPeople) {
        Id = issue.code
        Name = issue.name
        Description = issue.description
        Status = issue.status.category.rawValue
        StatusName = issue.status.name
        AssignedTo = people.users[issue.assigneeUID]?.name ?? ""
        Author = people.users[issue.creatorUID]?.name ?? ""
        CreatedAt = TestTime.text(issue.createdAt)
    }
}

struct TestDefectListOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Defects: [TestDefectDTO] }
    let Data: Body
}
