import Foundation
import SlipwayCore

/// What a caller asks for when running a workflow.
package struct RunRequest: Sendable {
    /// Global parameter values by name.
    package var params: [String: String]
    /// Per-job run-time parameters by job name (`inputs[].parameters`).
    package var jobInputs: [String: JSONValue]
    package var creator: String
    /// The pre-approval ticket presented (checked by the dialect before submitting).
    package var approvalTicketID: String
    /// Only the system that generated the workflow sets this: it may fill `locked` parameters.
    package var setsLockedParams: Bool
    /// What starts the task when no person does (`WorkflowTask.startedBy`).
    package var startedBy: String?

    package init(
        params: [String: String] = [:], jobInputs: [String: JSONValue] = [:], creator: String, approvalTicketID: String = "",
        setsLockedParams: Bool = false, startedBy: String? = nil
    ) {
        self.params = params
        self.jobInputs = jobInputs
        self.creator = creator
        self.approvalTicketID = approvalTicketID
        self.setsLockedParams = setsLockedParams
        self.startedBy = startedBy
    }
}

/// Turns a workflow definition and a run request into a new task's stages and jobs.
package enum TaskPlanner {
    package static func plan(_ workflow: Workflow, _ request: RunRequest, now: EpochMillis = .now()) throws(SlipwayError) -> WorkflowTask {
        guard !workflow.disabled else { throw .failedPrecondition("workflow is disabled") }
        var params = workflow.params
        let locked = request.setsLockedParams ? [] : workflow.lockedParamNames
        if let name = request.params.keys.sorted().first(where: locked.contains) {
            throw .invalidInput("parameter \(name) of workflow \(workflow.key) is internal and cannot be set by the caller")
        }
        for (name, value) in request.params {
            guard let index = params.firstIndex(where: { $0.name == name }) else {
                throw .invalidInput("workflow \(workflow.key) has no parameter \(name)")
            }
            if params[index].type == "choice", !params[index].choiceOptions.isEmpty, !params[index].choiceOptions.contains(value) {
                throw .invalidInput("parameter \(name) must be one of \(params[index].choiceOptions.joined(separator: ", "))")
            }
            params[index].value = value
        }
        for index in params.indices where params[index].value.isEmpty {
            params[index].value = params[index].defaultValue
        }
        // Inputs for jobs the workflow does not have are ignored, as the reference does (the engine logs them).

        var secrets = params.filter(\.isCredential).map(\.value)
        var stages: [StageRun] = []
        for stage in workflow.stages {
            var jobs: [JobRun] = []
            for job in stage.jobs {
                if job.skipped || job.runPolicy == .skip {
                    if job.runPolicy == .forceRun { throw .invalidInput("job \(job.name) must run but is skipped") }
                    continue
                }
                if job.runPolicy == .defaultNotRun && request.jobInputs[job.name] == nil { continue }
                let spec = JobRunInputs.applying(request.jobInputs[job.name], to: job.spec, type: job.type)
                secrets += JobRunInputs.credentialValues(of: spec, type: job.type)
                var run = JobRun(name: job.name, type: job.type, spec: spec, errorPolicy: job.errorPolicy)
                run.executePolicy = job.executePolicy
                jobs.append(run)
            }
            guard !jobs.isEmpty else { continue }
            stages.append(StageRun(name: stage.name, parallel: stage.parallel, approval: stage.approval.map(ApprovalRun.init), jobs: jobs))
        }
        var task = WorkflowTask(workflow: workflow, taskID: 0, creator: request.creator, params: params, stages: stages, now: now)
        task.startedBy = request.startedBy
        task.secrets = secrets.filter { !$0.isEmpty }
        task.approvalTicketID = request.approvalTicketID
        return task
    }

    /// Job names in the request's inputs that the workflow has no job for.
    package static func unknownJobInputs(_ workflow: Workflow, _ request: RunRequest) -> [String] {
        Set(request.jobInputs.keys).subtracting(workflow.stages.flatMap { $0.jobs.map(\.name) }).sorted()
    }
}
