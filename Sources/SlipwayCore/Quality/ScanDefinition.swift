/// A code scan (Zadig's `scanning`) with a script-defined scanner (`scanner_type: other`; a
/// SonarQube scanner cannot run here): repositories, a script and its parameters. The script's
/// report is the file at `reportPath` (relative to the workspace); with the quality gate on, the
/// script's exit status is the gate (0 passed, anything else failed).
package struct ScanDefinition: QualityDefinition, Equatable {
    package static let table = "zadig_scans"
    package static let kind = "scan"

    package var projectKey: String
    package var name: String
    package var description: String
    package var scannerType: String
    /// The image Zadig runs the scanner in, as given (the script runs in the server's sandbox).
    package var imageName: String
    package var repos: [JSONValue]
    package var script: String
    package var parameters: [QualityParameter]
    package var enableQualityGate: Bool
    package var reportPath: String
    package var extras: [String: JSONValue]
    package var updatedBy: String
    package var updatedAt: EpochMillis

    package init(
        projectKey: String, name: String, description: String = "", scannerType: String = "other", imageName: String = "",
        repos: [JSONValue] = [], script: String = "", parameters: [QualityParameter] = [], enableQualityGate: Bool = false,
        reportPath: String = "", extras: [String: JSONValue] = [:], updatedBy: String = "", updatedAt: EpochMillis = .now()
    ) {
        self.projectKey = projectKey
        self.name = name
        self.description = description
        self.scannerType = scannerType
        self.imageName = imageName
        self.repos = repos
        self.script = script
        self.parameters = parameters
        self.enableQualityGate = enableQualityGate
        self.reportPath = reportPath
        self.extras = extras
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    /// The workflow a scan's own runs are tasks of.
    package static func workflowKey(for name: String) -> String { "zadig-scanning-\(name)" }
}

/// What one run of a scan recorded.
package struct ScanResult: Sendable, Equatable {
    package var projectKey: String
    package var scanName: String
    package var workflowKey: String
    package var taskID: Int
    package var jobName: String
    /// `passed` or `failed` with the quality gate on, empty without.
    package var qualityGate: String
    /// The scanner's report (text, cut at `maxReportBytes`).
    package var report: String
    package var recordedAt: EpochMillis

    package static let maxReportBytes = 1 << 20

    package init(
        projectKey: String, scanName: String, workflowKey: String, taskID: Int, jobName: String, qualityGate: String, report: String,
        recordedAt: EpochMillis = .now()
    ) {
        self.projectKey = projectKey
        self.scanName = scanName
        self.workflowKey = workflowKey
        self.taskID = taskID
        self.jobName = jobName
        self.qualityGate = qualityGate
        self.report = report
        self.recordedAt = recordedAt
    }
}
