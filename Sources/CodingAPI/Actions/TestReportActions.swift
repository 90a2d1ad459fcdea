import Foundation
import SlipwayCore
import SlipwayServices
import SlipwayStore

/// CODING test reports (§2.18 `test.report`) over `TestReportService`.
struct TestReportActions: Sendable {
    func service(_ call: ActionCall) -> TestReportService { TestReportService(call.services.context) }

    @Sendable func createReport(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let runs = try IssueFields.integers(p, "RunIds", max: 100)
        guard !runs.isEmpty else { throw CodingError.missingParameter("RunIds") }
        let detail = try await service(call).create(
            projectKey: try p.string("ProjectName"), name: try p.string("Name"), runIDs: runs, attachmentIDs: try TestAttachments.ids(p) ?? [],
            by: call.user)
        return TestReportBriefOutput(Data: .init(Report: TestReportBriefDTO(detail)))
    }

    @Sendable func deleteReport(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        try await service(call).delete(projectKey: try p.string("ProjectName"), id: try p.int("ReportId"), by: call.user)
        return NoOutput()
    }

    @Sendable func describeReport(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let detail = try await service(call).report(projectKey: try p.string("ProjectName"), id: try p.int("ReportId"), by: call.user)
        var dto = TestReportDTO(detail)
        dto.Attachments = TestAttachmentDTO.list(detail.files, call)
        return TestReportOutput(Data: .init(Report: dto))
    }

    /// DescribeReportList: created between `StartAt` and `EndAt` (dates), `Keyword` in the name, `Status` (all are AVAILABLE).
    @Sendable func describeReportList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        var filter = TestReportFilter(projectKey: try p.string("ProjectName"))
        filter.keyword = String((try p.optionalString("Keyword") ?? "").prefix(IssueQuery.maxValueLength))
        filter.from = try p.optionalDate("StartAt").map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0
        filter.to = try p.optionalDate("EndAt").map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0
        let status = try p.optionalString("Status") ?? ""
        guard ["", "CREATING", "AVAILABLE", "UNAVAILABLE"].contains(status) else {
            throw CodingError.invalidValue("Status", "must be CREATING, AVAILABLE or UNAVAILABLE")
        }
        let reports = status.isEmpty || status == "AVAILABLE" ? try await service(call).list(filter, by: call.user) : []
        return TestReportListOutput(Data: .init(Reports: reports.map(TestReportBriefDTO.init)))
    }
}
