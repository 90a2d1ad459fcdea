import Foundation
import SlipwayCore

extension Engine {
    /// Where the caches of CI job `jobID` are kept between builds (`JenkinsPipelinePlan.cacheDirectory`).
    package nonisolated func ciCacheDirectory(jobID: Int64) -> URL {
        configuration.dataDirectory.appendingPathComponent("ci-cache", isDirectory: true).appendingPathComponent(String(jobID), isDirectory: true)
    }

    /// The artifacts directory of a job of a task (where a Jenkins pipeline keeps its
    /// `JenkinsRunRecord`, step logs and kept files), as the task runner lays it out.
    package nonisolated func artifactsDirectory(workflowKey: String, taskID: Int, jobName: String) -> URL {
        configuration.dataDirectory.appendingPathComponent("artifacts", isDirectory: true)
            .appendingPathComponent(workflowKey, isDirectory: true).appendingPathComponent(String(taskID), isDirectory: true)
            .appendingPathComponent(jobName, isDirectory: true)
    }

    /// The record of a Jenkins pipeline job's run, if it has started.
    package nonisolated func jenkinsRecord(workflowKey: String, taskID: Int, jobName: String) -> JenkinsRunRecord? {
        let url = artifactsDirectory(workflowKey: workflowKey, taskID: taskID, jobName: jobName).appendingPathComponent(JenkinsRunRecord.fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(JenkinsRunRecord.self, from: data)
    }

    /// One step's own log (empty when it has none yet).
    package nonisolated func jenkinsStepLog(workflowKey: String, taskID: Int, jobName: String, stepID: Int) -> String {
        let root = artifactsDirectory(workflowKey: workflowKey, taskID: taskID, jobName: jobName)
        return WholeFile.text(at: JenkinsRunRecorder.stepLog(root, stepID)) ?? ""
    }
}
