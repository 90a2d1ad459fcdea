import SQLKit
import SlipwayCore

struct ScanResultRow: Codable {
    var projectKey: String
    var scanName: String
    var workflowKey: String
    var taskId: Int
    var jobName: String
    var qualityGate: String
    var report: String
    var recordedAt: Int64
}

/// What code scan runs recorded: one row per scan job of a task.
extension QualityRepository {
    /// Store (or replace, for a retried task) a scan job's result.
    package func record(_ result: ScanResult) async throws {
        let row = ScanResultRow(
            projectKey: result.projectKey, scanName: result.scanName, workflowKey: result.workflowKey, taskId: result.taskID,
            jobName: result.jobName, qualityGate: result.qualityGate, report: result.report, recordedAt: result.recordedAt)
        try await sql.write { db in
            try await db.delete(from: "zadig_scan_results").where("workflow_key", .equal, row.workflowKey).where("task_id", .equal, row.taskId)
                .where("job_name", .equal, row.jobName).run()
            try await db.insert(into: "zadig_scan_results").model(row, keyEncodingStrategy: .convertToSnakeCase).run()
        }
    }

    /// Forget what the runs of a project's workflow `workflowKey` recorded (its scan was deleted:
    /// a scan made again under that name numbers its runs from 1 again).
    package func deleteScanResults(project: String, workflowKey: String) async throws {
        try await sql.write { db in
            try await db.delete(from: "zadig_scan_results").where("project_key", .equal, project).where("workflow_key", .equal, workflowKey).run()
        }
    }

    /// The scan results a task recorded, by job.
    package func scanResults(workflowKey: String, taskID: Int) async throws -> [ScanResult] {
        try await sql.read { db in
            try await db.select().column("*").from("zadig_scan_results").where("workflow_key", .equal, workflowKey)
                .where("task_id", .equal, taskID).orderBy("job_name")
                .all(decoding: ScanResultRow.self, keyDecodingStrategy: .snakeCase)
                .map {
                    ScanResult(
                        projectKey: $0.projectKey, scanName: $0.scanName, workflowKey: $0.workflowKey, taskID: $0.taskId, jobName: $0.jobName,
                        qualityGate: $0.qualityGate, report: $0.report, recordedAt: $0.recordedAt)
                }
        }
    }
}
