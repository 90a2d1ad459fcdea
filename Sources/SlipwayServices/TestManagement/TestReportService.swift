import Foundation
import SlipwayCore
import SlipwayStore

/// CODING test reports (issue 16): a named set of test plans whose figures (cases executed and
/// passed, automation, the defects linked to their tests and how they were fixed) are worked out
/// from the runs, tests and defect issues when the report is read.
package struct TestReportService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var access: PlanningAccess { PlanningAccess(store: store) }
    var repository: TestManagementRepository { store.testManagement }

    /// The figures of a report: its cases, the requirements in scope (done, in progress, to do,
    /// covered by its cases) and the defects linked to its tests.
    package struct Overview: Sendable, Equatable {
        package var caseSum = 0, automationPercent = 0, execPercent = 0, passPercent = 0
        package var requirementSum = 0, completedSum = 0, processingSum = 0, todoSum = 0, requirementCoverPercent = 0
        package var defectSum = 0, defectFixPercent = 0, defectReopenPercent = 0
        /// Seconds from report to close of the closed defects: on average, and the time within
        /// which 85% of them were closed (-1: none closed).
        package var avgClosedSeconds: Int64 = -1, fixSeconds: Int64 = -1
        package var startedAt: Int64 = 0, endedAt: Int64 = 0
        package var counts = TestCounts()
    }

    /// A report with its runs and, when read in full, its figures.
    package struct Detail: Sendable {
        package var report: TestReport
        package var runs: [TestRun]
        /// The iteration all its runs are in, if they share one.
        package var iteration: Iteration?
        package var overview: Overview
        package var people: PlanningPeople
        /// The files the report holds with a download link's secret each (DescribeReport only).
        package var files: [(file: IssueAttachment, secret: String)] = []
    }

    /// A new report over `runIDs`, holding the uploaded files `attachmentIDs`.
    package func create(projectKey: String, name: String, runIDs: [Int64], attachmentIDs: [Int64] = [], by user: User) async throws -> Detail {
        try await access.require(user, projectKey: projectKey, write: true)
        try TestCaseService.checkName(name)
        var ids: [Int64] = []
        for id in runIDs where !ids.contains(id) { ids.append(id) }
        guard !ids.isEmpty, ids.count <= 100 else { throw SlipwayError.invalidInput("RunIds must name 1…100 test runs") }
        for id in ids {
            guard try await repository.run(projectKey: projectKey, id: id) != nil else {
                throw SlipwayError.notFound("test run \(id) not found in project \(projectKey)")
            }
        }
        let attachments = AttachmentService(context)
        let files = try await attachments.checked(attachmentIDs, for: nil, projectKey: projectKey, by: user)
        var report = TestReport(projectKey: projectKey, name: name)
        report.runIDs = ids
        report.creatorUID = user.uid
        report.createdAt = EpochMillis.now()
        let stored = try await repository.createReport(report)
        if !files.isEmpty { try await attachments.attach(files, to: .report(stored.id)) }
        return try await detail(stored)
    }

    package func delete(projectKey: String, id: Int64, by user: User) async throws {
        let report = try await find(projectKey: projectKey, id: id, by: user, write: true)
        try await repository.deleteReport(id: report.id)
    }

    package func report(projectKey: String, id: Int64, by user: User) async throws -> Detail {
        var detail = try await detail(try await find(projectKey: projectKey, id: id, by: user, write: false))
        detail.files = try await AttachmentService(context).files(of: .report(id), for: user)
        return detail
    }

    package func list(_ filter: TestReportFilter, by user: User) async throws -> [Detail] {
        try await access.require(user, projectKey: filter.projectKey, write: false)
        var details: [Detail] = []
        for report in try await repository.reports(filter) { details.append(try await detail(report)) }
        return details
    }

    func find(projectKey: String, id: Int64, by user: User, write: Bool) async throws -> TestReport {
        try await access.require(user, projectKey: projectKey, write: write)
        guard let report = try await repository.report(projectKey: projectKey, id: id) else {
            throw SlipwayError.notFound("test report \(id) not found in project \(projectKey)")
        }
        return report
    }

    func detail(_ report: TestReport) async throws -> Detail {
        var runs: [TestRun] = []
        for id in report.runIDs {
            if let run = try await repository.run(projectKey: report.projectKey, id: id) { runs.append(run) }
        }
        let tests = try await repository.tests(runIDs: runs.map(\.id))
        let defects = try await TestExecutionService(context).defects(testIDs: tests.map(\.id))
        let reopened = try await reopenedCount(defects.issues)
        var overview = Self.overview(runs: runs, tests: tests, defects: defects.issues, reopened: reopened)
        let iterations = try await iterations(of: runs)
        let scope = try await requirements(projectKey: report.projectKey, runs: runs, iterations: iterations, tests: tests)
        Self.count(scope.all, covered: scope.covered, into: &overview)
        return Detail(
            report: report, runs: runs, iteration: Self.sharedIteration(runs, iterations), overview: overview,
            people: try await access.people([report.creatorUID]))
    }

    /// How many defects went back from a completed status to an open one.
    func reopenedCount(_ defects: [Issue]) async throws -> Int {
        var count = 0
        for defect in defects {
            let changes = try await store.issues.statusChanges(issueIDs: [defect.id])
            let categories = changes.map { (IssueStatus.with(id: $0.statusID)?.category ?? .todo) == .completed }
            if zip(categories, categories.dropFirst()).contains(where: { $0 && !$1 }) { count += 1 }
        }
        return count
    }

    static func percent(_ part: Int, _ whole: Int) -> Int { whole == 0 ? 0 : part * 100 / whole }

    /// The requirement figures: how many, by status category, and the share covered.
    static func count(_ requirements: [Issue], covered: Int, into o: inout Overview) {
        let categories = requirements.map(\.status.category)
        o.requirementSum = requirements.count
        o.completedSum = categories.filter { $0 == .completed }.count
        o.processingSum = categories.filter { $0 == .processing }.count
        o.todoSum = categories.filter { $0 == .todo }.count
        o.requirementCoverPercent = percent(covered, requirements.count)
    }

    static func overview(runs: [TestRun], tests: [RunTest], defects: [Issue], reopened: Int) -> Overview {
        var o = Overview()
        o.counts = TestCounts(tests.map(\.status))
        o.caseSum = tests.count
        let automated = Set(runs.filter { $0.executeType == .pipeline }.map(\.id))
        o.automationPercent = percent(tests.filter { automated.contains($0.runID) }.count, tests.count)
        o.execPercent = percent(tests.count - o.counts[.untested], tests.count)
        o.passPercent = percent(o.counts[.passed], tests.count)
        o.defectSum = defects.count
        o.defectFixPercent = percent(defects.filter { $0.status.category == .completed }.count, defects.count)
        o.defectReopenPercent = percent(reopened, defects.count)
        let closed = defects.filter { $0.status.category == .completed && $0.completedAt > 0 }
        // Like CODING, -1 when no defect was closed.
        let durations = closed.map { max(0, $0.completedAt - $0.createdAt) / 1000 }.sorted()
        o.avgClosedSeconds = closed.isEmpty ? -1 : durations.reduce(0, +) / Int64(closed.count)
        o.fixSeconds = closed.isEmpty ? -1 : durations[(durations.count * 85 + 99) / 100 - 1]
        o.startedAt = runs.map(\.createdAt).min() ?? 0
        o.endedAt = max(tests.map(\.testedAt).max() ?? 0, runs.map(\.completedAt).max() ?? 0, o.startedAt)
        return o
    }
}
