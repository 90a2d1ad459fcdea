import Foundation
import SlipwayCore
import SlipwayEngine

extension CIService {
    /// The totals of the JUnit files a build's `junit` steps kept, read with the bounded parser;
    /// nil when it kept none. A file that no longer parses counts nothing.
    func testTotals(_ record: JenkinsRunRecord?, job: CIJob, taskID: Int) -> JUnitTotals? {
        let reports = record?.steps.flatMap(\.reports) ?? []
        guard !reports.isEmpty else { return nil }
        let root = context.engine.artifactsDirectory(workflowKey: job.workflowKey, taskID: taskID, jobName: Self.jobName)
        var parsed: [JUnitReport] = []
        for path in reports where !path.hasPrefix("/") && !path.split(separator: "/").contains("..") {
            let file = root.appendingPathComponent(path)
            guard let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int,
                size <= JUnitReport.Limits.standard.maxBytes, let data = FileManager.default.contents(atPath: file.path),
                let report = try? JUnitReport.parse(data)
            else { continue }
            parsed.append(report)
        }
        return JUnitReport.merging(parsed).totals
    }
}
