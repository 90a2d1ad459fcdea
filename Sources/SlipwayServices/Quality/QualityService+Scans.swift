import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// Code scans with a script-defined scanner: definitions, runs (tasks of the scan's own
/// workflow `zadig-scanning-<name>`, one `zadig-scanning` job) and their results.
extension QualityService {
    static let scanJobName = "scan"

    /// Store a new scan. Only `scanner_type: other` runs here: SonarQube is refused.
    package func createScan(_ scan: ScanDefinition, by user: User) async throws {
        try await create(scan, by: user, validate: Self.validate)
    }

    /// Replace a scan's definition (`edit_scan`; Zadig `PUT /api/aslan/testing/scanning/:id`).
    /// Its runs keep their results; the next run uses the new definition.
    package func updateScan(_ scan: ScanDefinition, by user: User) async throws {
        try await update(scan, by: user, validate: Self.validate)
    }

    /// Delete a scan with its own workflow, runs and results (`delete_scan`; Zadig
    /// `DELETE /api/aslan/testing/scanning/:id?projectName=`). Custom workflows whose
    /// `zadig-scanning` job names it fail at their next run, as Zadig's do.
    package func deleteScan(_ name: String, project: String, user: User) async throws {
        try await require("delete_scan", project: project, user: user)
        guard try await store.quality.get(ScanDefinition.self, project: project, name: name) != nil else {
            throw SlipwayError.notFound("scan \(name) not found in project \(project)")
        }
        let key = ScanDefinition.workflowKey(for: name)
        if let workflow = try await store.workflows.get(key: key), workflow.projectKey == project {
            try await store.workflows.delete(key: key, projectKey: project)
        }
        try await store.quality.deleteScanResults(project: project, workflowKey: key)
        try await store.quality.delete(ScanDefinition.self, project: project, name: name)
    }

    static func validate(_ scan: ScanDefinition) throws {
        try ScanDefinition.validateName(scan.name)
        try ScanDefinition.validateParameters(scan.parameters)
        guard scan.scannerType == "other" else {
            throw SlipwayError.invalidInput(
                "scanner_type \(scan.scannerType) is not supported: SonarQube cannot run here; use scanner_type other with a script")
        }
        guard !scan.script.isEmpty else { throw SlipwayError.invalidInput("script is required for scanner_type other") }
        try TestDefinition.validateReportDirectory(scan.reportPath)
        try checkRepos(scan.repos)
    }

    /// Run a scan as `user`; `repos` (`scan_repos`) pick branches or pull requests by repository name.
    package func runScan(_ name: String, project: String, repos: [JSONValue], by user: User) async throws -> WorkflowTask {
        try await require("run_scan", project: project, user: user)
        guard let scan = try await store.quality.get(ScanDefinition.self, project: project, name: name) else {
            throw SlipwayError.notFound("scan \(name) not found in project \(project)")
        }
        let spec: JSONValue = .object(["scannings": .array([.object(["name": .string(name), "project_name": .string(project)])])])
        let workflow = try await ownWorkflow(
            key: ScanDefinition.workflowKey(for: name), kind: "scan", name: name, project: project,
            job: JobDefinition(name: Self.scanJobName, type: .zadigScanning, spec: spec), creator: user.account)
        var entry: [String: JSONValue] = ["scanning_name": .string(scan.name)]
        if !repos.isEmpty { entry["repo_info"] = .array(repos) }
        let request = RunRequest(jobInputs: [Self.scanJobName: .object(["scanning_list": .array([.object(entry)])])], creator: user.account)
        return try await context.engine.submit(workflow, request)
    }

    /// A run of a scan: the task, the scan's definition and what the run recorded.
    package func scanTask(
        _ name: String, taskID: Int, project: String?, user: User
    ) async throws -> (task: WorkflowTask, scan: ScanDefinition?, result: ScanResult?) {
        let key = ScanDefinition.workflowKey(for: name)
        guard let task = try await store.tasks.get(workflowKey: key, taskID: taskID), project == nil || task.projectKey == project else {
            throw SlipwayError.notFound("task \(taskID) of scan \(name) not found")
        }
        try await require("get_scan", project: task.projectKey, user: user)
        let scan = try await store.quality.get(ScanDefinition.self, project: task.projectKey, name: name)
        return (task, scan, try await store.quality.scanResults(workflowKey: key, taskID: taskID).first)
    }

    /// The scan results a task of any workflow recorded (its `zadig-scanning` jobs).
    package func scanResults(workflowKey: String, taskID: Int) async throws -> [ScanResult] {
        try await store.quality.scanResults(workflowKey: workflowKey, taskID: taskID)
    }
}
