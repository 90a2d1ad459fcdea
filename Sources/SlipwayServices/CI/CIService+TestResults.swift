import Foundation
import SlipwayCore
import SlipwayEngine

extension CIService {
    /// The totals of the JUnit files a build's `junit` steps kept, read with the bounded parser;
    /// nil when it kept none. A file that no longer parses counts nothing.
    func testTotals(_ record: JenkinsRunRecord?, job: CIJob, taskID: Int) -> JUnitTotals? {
        testReport(record, job: job, taskID: taskID)?.totals
    }

    /// Every case of the JUnit files a build's `junit` steps kept, merged in report order (the
    /// bounded parser's limits apply); nil when it kept none.
    package func testReport(_ state: CIBuildState) -> JUnitReport? {
        testReport(state.record, job: state.job, taskID: state.build.taskID)
    }

    func testReport(_ record: JenkinsRunRecord?, job: CIJob, taskID: Int) -> JUnitReport? {
        let reports = record?.steps.flatMap(\.reports) ?? []
        guard !reports.isEmpty else { return nil }
        let root = context.engine.artifactsDirectory(workflowKey: job.workflowKey, taskID: taskID, jobName: Self.jobName)
        return JUnitReportCollector.report(files: reports, under: root)
    }

    /// Whether a build's task passed with failing tests: its pipeline job ended unstable, which
    /// the task counts as passed but CODING shows as failed (and its commit status as a failure).
    static func isUnstable(_ task: WorkflowTask) -> Bool {
        task.stages.contains { $0.jobs.contains { $0.status == .unstable } }
    }
}
