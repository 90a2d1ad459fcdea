import Foundation
import SlipwayCore

extension WorkflowTask {
    /// Every `{{.…}}` value known now: system variables, parameters, finished jobs' outputs and statuses.
    var variables: [String: String] {
        var values = context
        values["project"] = projectKey
        values["project.id"] = projectKey
        values["project.name"] = projectKey
        values["workflow.id"] = workflowKey
        values["workflow.name"] = workflowKey
        values["workflow.display_name"] = workflowName
        values["workflow.task.id"] = String(taskID)
        values["workflow.task.creator"] = creator
        values["workflow.task.creator.id"] = creator
        values["workflow.task.timestamp"] = String(createdAt.seconds)
        for param in params { values["workflow.params.\(param.name)"] = param.value }
        return values
    }

    /// The variables a job takes from the machine that runs it (the server, or an agent).
    static let inheritedNames = ["PATH", "HOME", "LANG", "USER", "TMPDIR"]

    /// Their values in this process, read once (building the process environment's dictionary
    /// on every job cost more than the rest of the job's environment).
    static let inheritedEnvironment: [String: String] = ProcessInfo.processInfo.environment.filter { inheritedNames.contains($0.key) }

    /// Default job environment, as the reference injects it, over the values the job's scripts
    /// read (parameters by name, `SLIPWAY_VAR_*`; see `scriptEnvironment`).
    func defaultEnvironment(jobName: String, workspace: URL, outputs: URL) -> [String: String] {
        var env = scriptEnvironment(jobName: jobName)
        for (key, value) in Self.inheritedEnvironment { env[key] = value }
        env["PATH"] = env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        env["CI"] = "true"
        env["ZADIG"] = "true"
        env["SLIPWAY"] = "true"
        env["PROJECT"] = projectKey
        env["WORKFLOW"] = workflowKey
        env["TASK_ID"] = String(taskID)
        env["JOB_NAME"] = jobName
        env["WORKSPACE"] = workspace.path
        env["SLIPWAY_OUTPUTS_DIR"] = outputs.path
        return env
    }
}

extension TaskStatus {
    /// Statuses of a job that a (re)started runner does not run again.
    var isSettledForRunner: Bool { isCompleted }
}
