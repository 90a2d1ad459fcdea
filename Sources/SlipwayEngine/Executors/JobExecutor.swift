import Foundation
import SlipwayCore

/// Everything a job needs to run, prepared by the task runner.
package struct JobContext: Sendable {
    package var workflowKey: String
    package var projectKey: String
    package var taskID: Int
    package var jobName: String
    package var jobType: JobType
    /// The job's plan, its templates rendered.
    package var plan: JobPlan
    /// Default task variables plus the job's own envs.
    package var environment: [String: String]
    /// A fresh directory for this job.
    package var workspace: URL
    /// The job's own directory, holding `workspace` and `outputsDirectory`: all a sandboxed step may write.
    package var jobDirectory: URL
    /// Files written here become the job's outputs (`{{.job.<name>.output.<FILE>}}`).
    package var outputsDirectory: URL
    /// Files the `archive` step keeps as task artifacts.
    package var artifactsDirectory: URL
    /// Append a line to the job's log (masked on the way).
    package var log: @Sendable (String) async -> Void
    /// Called with the process group id of each process the job starts (for recovery after a crash).
    package var processStarted: @Sendable (Int32) async -> Void
    /// Wait for a native approval decision (approval jobs).
    package var awaitApproval: @Sendable (ApprovalSpec) async -> TaskStatus
    /// Start another workflow (workflow-trigger jobs): key, optional project, parameter values → task id.
    package var launchWorkflow: @Sendable (String, String?, [String: String]) async throws -> Int
    /// Wait until a task of another workflow ends; its final status.
    package var awaitTask: @Sendable (String, Int) async -> TaskStatus
    /// The job log's line count now.
    package var logPosition: (@Sendable () async -> Int)? = nil
}

/// How a job ended.
package struct JobOutcome: Sendable, Equatable {
    package var status: TaskStatus
    package var error: String

    package init(_ status: TaskStatus, error: String = "") {
        self.status = status
        self.error = error
    }

    package static let passed = JobOutcome(.passed)

    /// An executor was handed another job type's plan.
    static func wrongPlan(_ context: JobContext) -> JobOutcome {
        JobOutcome(.failed, error: "job \(context.jobName): a \(context.plan.type.rawValue) plan cannot run as \(context.jobType.rawValue)")
    }
}

/// Runs one kind of job. Cancellation of the calling task means "stop now": kill what runs, return.
package protocol JobExecutor: Sendable {
    func run(_ context: JobContext) async -> JobOutcome
}

/// Runs a shell script with bash in the job's workspace (in an image without bash, with its `sh`).
struct ShellScript: Sendable {
    let backend: any ExecutionBackend
    /// Larger scripts are always files of the job directory (the sandbox's command block, which
    /// carries the text, holds at most 8 MiB with the variables).
    static let largestInMemory = 4 << 20

    /// `placement` overrides the job's own (a pipeline step's image); `directory` (of the job's
    /// workspace) the workspace as the working directory.
    func run(
        _ script: String, context: JobContext, extraEnvironment: [String: String] = [:], placement: JobPlacement? = nil, directory: URL? = nil
    ) async -> JobOutcome {
        let name = ".\(context.jobName)-\(UUID().uuidString.prefix(8)).sh"
        let file = context.workspace.deletingLastPathComponent().appendingPathComponent(name, isDirectory: false)
        guard JobFiles.isConfined(file, to: context.jobDirectory) else {
            return JobOutcome(.failed, error: "the workspace is not a directory of the job")
        }
        let placement = placement ?? context.plan.placement
        let environment = context.environment.merging(extraEnvironment) { $1 }
        let workingDirectory = (directory ?? context.workspace).path
        do {
            let code: Int32
            if backend.takesScripts(at: placement), script.utf8.count <= Self.largestInMemory, !name.contains("/") {
                // The sandbox writes it into the job's private /tmp: no file made and removed here.
                code = try await backend.run(
                    "/bin/bash", arguments: [], environment: environment, workingDirectory: workingDirectory, context: context,
                    placement: placement, script: JobScript(name: name, text: script))
            } else {
                // A fresh, uniquely named file: no temporary copy to rename, and no flush to disk.
                try JobFiles.writeNewFile(script, to: file.path)
                defer { unlink(file.path) }
                code = try await backend.run(
                    "/bin/bash", arguments: [file.path], environment: environment, workingDirectory: workingDirectory, context: context,
                    placement: placement)
            }
            return code == 0 ? .passed : JobOutcome(.failed, error: "script exited with code \(code)")
        } catch is CancellationError {
            return JobOutcome(.cancelled)
        } catch {
            return JobOutcome(.failed, error: "could not run script: \(error)")
        }
    }
}
