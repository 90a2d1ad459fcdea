/// A job of a workflow, its spec decoded.
package struct CompiledJob: Sendable, Equatable {
    package var name: String
    package var settings: JobSettings
    package var plan: JobPlan

    package init(name: String, settings: JobSettings, plan: JobPlan) {
        self.name = name
        self.settings = settings
        self.plan = plan
    }
}

extension JobDefinition {
    /// This job's spec decoded; errors name the field under `path` (the job's own path, e.g. `stages[0].jobs[1]`).
    package func compiled(at path: String = "job") throws(JobPlanError) -> CompiledJob {
        let specPath = "\(path).spec"
        guard JobType.runnable.contains(type) else {
            throw JobPlanError(path: "\(path).type", problem: "job type \(type.rawValue) is not supported")
        }
        return CompiledJob(
            name: name, settings: try JobSettings(spec: spec, path: specPath),
            plan: try JobPlan(type: type, spec: spec, path: specPath))
    }
}

extension Workflow {
    /// Every job's spec decoded, stage by stage: what the save paths call before storing a
    /// workflow. Refuses the first bad field as `invalidInput("<path>: <problem>")`, e.g.
    /// `stages[0].jobs[1].spec.steps[2].spec.script: expected a string`.
    package func compiledPlans() throws(SlipwayError) -> [[CompiledJob]] {
        do {
            var stagePlans: [[CompiledJob]] = []
            for (s, stage) in stages.enumerated() {
                var jobs: [CompiledJob] = []
                for (j, job) in stage.jobs.enumerated() {
                    let path = "stages[\(s)].jobs[\(j)]"
                    let compiled = try job.compiled(at: path)
                    try compiled.plan.checkRequirements(at: "\(path).spec", workflowKey: key)
                    jobs.append(compiled)
                }
                stagePlans.append(jobs)
            }
            _ = try NotifyControlPlan.decodeList(notifyControls)
            return stagePlans
        } catch {
            throw error.slipwayError
        }
    }
}

extension JobPlan {
    /// What a plan needs to run at all, checked when a workflow is saved (a stored plan that
    /// misses it fails when its job runs, with the same reason).
    package func checkRequirements(at path: String, workflowKey: String) throws(JobPlanError) {
        switch self {
        case .freestyle(let plan):
            guard !plan.steps.isEmpty else { throw JobPlanError(path: "\(path).steps", problem: "a freestyle job needs steps or a script") }
        case .plugin(let plan):
            guard !plan.argv.isEmpty else { throw JobPlanError(path: "\(path).cmds", problem: "a plugin needs cmds or args") }
        case .approval(let plan):
            guard plan.approval != nil else {
                throw JobPlanError(path: "\(path).native_approval.approve_users", problem: "an approval job needs at least one approver")
            }
        case .sql(let plan):
            guard !plan.database.isEmpty else { throw JobPlanError(path: "\(path).id", problem: "an sql job needs the database id") }
        case .workflowTrigger(let plan):
            guard !plan.targets.isEmpty else {
                throw JobPlanError(path: "\(path).fixed_workflow_list", problem: "a workflow-trigger job needs at least one workflow")
            }
            if let index = plan.targets.firstIndex(where: { $0.workflow == workflowKey }) {
                throw JobPlanError(path: "\(path).fixed_workflow_list[\(index)]", problem: "a workflow cannot trigger itself")
            }
        case .notification(let plan):
            guard !plan.webhookType.isEmpty else { throw JobPlanError(path: "\(path).webhook_type", problem: "webhook_type is required") }
        case .serverlessPipeline(let plan):
            guard !plan.repoURL.isEmpty else { throw JobPlanError(path: "\(path).repo_url", problem: "the repository is required") }
        case .zadigBuild(let plan), .zadigTest(let plan), .zadigScanning(let plan):
            try plan.checkRequirements(at: path)
        case .jenkinsPipeline(let plan):
            guard !plan.jenkinsfile.isEmpty else { throw JobPlanError(path: "\(path).jenkinsfile", problem: "the Jenkinsfile is required") }
        case .cdHostDeploy, .cdWait, .cdScript, .deliveryVersion:
            break
        }
    }
}

extension JobRun {
    /// The spec the task stored, decoded (templates not rendered yet).
    package func compiled() throws(JobPlanError) -> CompiledJob {
        CompiledJob(name: name, settings: try JobSettings(spec: spec), plan: try JobPlan(type: type, spec: spec))
    }
}

extension CompiledJob {
    /// The same job with every template passed through `text`; shell scripts through `script` first.
    package func mapTemplates(script: (String) -> String, text: (String) -> String) -> CompiledJob {
        CompiledJob(name: name, settings: settings.mapTemplates(text), plan: plan.mapTemplates(script: script, text: text))
    }
}
