import SlipwayCore

/// `workflow-trigger` jobs: start other workflows (`fixed_workflow_list`) and, with
/// `is_enable_check`, wait for them; the job fails when a triggered task does not pass.
package struct WorkflowTriggerExecutor: JobExecutor {
    package init() {}

    /// The workflows a spec triggers: (workflow key, project key, parameter values); none when
    /// the spec does not decode (for the dialects' checks, see `WorkflowTriggerPlan`).
    package static func targets(of spec: JSONValue) -> [(workflow: String, project: String?, params: [String: String])] {
        guard case .workflowTrigger(let plan)? = try? JobPlan(type: .workflowTrigger, spec: spec) else { return [] }
        return plan.targets.map { ($0.workflow, $0.project, $0.params) }
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .workflowTrigger(let plan) = context.plan else { return .wrongPlan(context) }
        let targets = plan.targets
        guard !targets.isEmpty else { return JobOutcome(.failed, error: "workflow-trigger: fixed_workflow_list is empty") }
        let wait = plan.waitsForCompletion
        var started: [(String, Int)] = []
        for target in targets {
            do {
                let id = try await context.launchWorkflow(target.workflow, target.project, target.params)
                await context.log("triggered \(target.workflow) task \(id)")
                started.append((target.workflow, id))
            } catch let error as SlipwayError {
                return JobOutcome(.failed, error: "workflow-trigger: \(target.workflow): \(error.detail)")
            } catch {
                return JobOutcome(.failed, error: "workflow-trigger: \(target.workflow): \(error)")
            }
        }
        guard wait else { return .passed }
        for (workflow, id) in started {
            let status = await context.awaitTask(workflow, id)
            await context.log("\(workflow) task \(id) ended \(status.rawValue)")
            if Task.isCancelled { return JobOutcome(.cancelled) }
            guard status == .passed else {
                return JobOutcome(.failed, error: "triggered workflow \(workflow) task \(id) ended \(status.rawValue)")
            }
        }
        return .passed
    }
}
