import Foundation
import SlipwayCore
import SlipwayServices

/// A report as CreateReport and DescribeReportList show it; reports are worked out when read, so always `AVAILABLE`.
struct TestReportBriefDTO: Encodable, Sendable {
    let Id: Int64, Name: String, Status: String, Summary: String, CreatedAt: String, StatisticsStartTime: String
    let StatisticsEndTime: String

    init(_ d: TestReportService.Detail) {
        Id = d.report.id
        Name = d.report.name
        Status = "AVAILABLE"
        Summary = TestReportDTO.summary(d.overview)
        CreatedAt = TestTime.text(d.report.createdAt)
        StatisticsStartTime = TestTime.text(d.overview.startedAt)
        StatisticsEndTime = TestTime.text(d.overview.endedAt)
    }
}

struct TestReportOverviewDTO: Encodable, Sendable {
    let CaseSum: Int, AutomationPercent: Int, ExecPercent: Int, PassPercent: Int, RequirementCoverPercent: Int
    let IssuesSum: Int, CompletedSum: Int, ProcessingSum: Int, TodoSum: Int, DefectSum: Int, DefectFixPercent: Int
    let DefectReopenPercent: Int, AvgClosedSeconds: Int64, DurationFixed: Int64

    /// `IssuesSum` and the three status sums count the requirements in the plans' iterations (or
    /// the project's when they are in none), `RequirementCoverPercent` the share of them the
    /// report's cases cover (`IssueCodes`); the defect figures count the defects linked to the
    /// report's tests; `DurationFixed` is the seconds within which 85% of the closed ones closed.
    init(_ o: TestReportService.Overview) {
        CaseSum = o.caseSum
        AutomationPercent = o.automationPercent
        ExecPercent = o.execPercent
        PassPercent = o.passPercent
        RequirementCoverPercent = o.requirementCoverPercent
        IssuesSum = o.requirementSum
        CompletedSum = o.completedSum
        ProcessingSum = o.processingSum
        TodoSum = o.todoSum
        DefectSum = o.defectSum
        DefectFixPercent = o.defectFixPercent
        DefectReopenPercent = o.defectReopenPercent
        AvgClosedSeconds = o.avgClosedSeconds
        DurationFixed = o.fixSeconds
    }
}

struct TestReportDTO: Encodable, Sendable {
    let Id: Int64, Name: String, ProjectName: String, Status: String, Summary: String, CreatedAt: String, CreatedBy: Int64
    let StatisticsStartTime: String, StatisticsEndTime: String, IterationId: String, IterationName: String, TemplateId: Int64
    let RunIds: [String], RunNames: [String], ReportOverview: TestReportOverviewDTO
    var Attachments: [TestAttachmentDTO] = []

    init(_ d: TestReportService.Detail) {
        Id = d.report.id
        Name = d.report.name
        ProjectName = d.report.projectKey
        Status = "AVAILABLE"
        Summary = Self.summary(d.overview)
        CreatedAt = TestTime.text(d.report.createdAt)
        CreatedBy = d.people.id(d.report.creatorUID)
        StatisticsStartTime = TestTime.text(d.overview.startedAt)
        StatisticsEndTime = TestTime.text(d.overview.endedAt)
        IterationId = d.iteration.map { String($0.id) } ?? ""
        IterationName = d.iteration?.name ?? ""
        // Reports are worked out from their plans, not from a template.
        TemplateId = 0
        RunIds = d.runs.map { String($0.id) }
        RunNames = d.runs.map(\.name)
        ReportOverview = TestReportOverviewDTO(d.overview)
    }

    static func summary(_ o: TestReportService.Overview) -> String {
        "\(o.caseSum) cases: \(o.counts[.passed]) passed, \(o.counts[.failed]) failed, \(o.counts[.blocked]) blocked, "
            + "\(o.counts[.retest]) to retest, \(o.counts[.untested]) untested; \(o.defectSum) defects"
    }
}

struct TestReportOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Report: TestReportDTO }
    let Data: Body
}

struct TestReportBriefOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Report: TestReportBriefDTO }
    let Data: Body
}

struct TestReportListOutput: ActionOutput {
    struct Body: Encodable, Sendable { let Reports: [TestReportBriefDTO] }
    let Data: Body
}
