import Foundation
import SlipwayCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension QualityJobExecutor {
    /// Store what a scan run produced: its report file (a regular file inside the job, cut at
    /// `ScanResult.maxReportBytes`) and, with the quality gate on, whether the script passed.
    /// A failed gate fails the job with that reason.
    func recordScan(_ work: Work, passed: Bool, as jobName: String, context: JobContext) async -> JobOutcome {
        var report = ""
        if !work.reportPath.isEmpty {
            let file = context.workspace.appendingPathComponent(work.reportPath)
            var info = stat()
            if JobFiles.isConfinedRegularFile(file, in: context.jobDirectory), lstat(file.path, &info) == 0,
                Int(info.st_size) <= 64 * ScanResult.maxReportBytes, let data = WholeFile.data(at: file)
            {
                report = String(decoding: data.prefix(ScanResult.maxReportBytes), as: UTF8.self)
                await context.log("scan: report \(work.reportPath) kept (\(min(data.count, ScanResult.maxReportBytes)) bytes)")
            } else {
                await context.log("scan: no report at \(work.reportPath) (missing, too large, or not a regular file)")
            }
        }
        let gate = work.qualityGate ? (passed ? "passed" : "failed") : ""
        if !gate.isEmpty { await context.log("scan: quality gate \(gate)") }
        let result = ScanResult(
            projectKey: context.projectKey, scanName: work.name, workflowKey: context.workflowKey, taskID: context.taskID, jobName: jobName,
            qualityGate: gate, report: report)
        do { try await store.quality.record(result) } catch {
            return JobOutcome(.failed, error: "scan: the result could not be stored: \(error)")
        }
        return gate == "failed" ? JobOutcome(.failed, error: "scan \(work.name): quality gate failed") : .passed
    }
}
