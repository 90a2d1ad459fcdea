import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// CODING CD pipeline executions on the engine: a trigger runs the pipeline config as a task of
/// its workflow (`coding-cd-<config id>`, kept in the first project the application is bound
/// to), records the execution, and follows the task to keep its status for history and
/// statistics. Administrators and members who may run workflows in a bound project trigger and
/// cancel; whoever may see the application reads.
package struct CdExecutionService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var applications: CdApplicationService { CdApplicationService(context) }

    /// The project that runs `application`'s executions, if `caller` may run them.
    func runningProject(_ application: String, by caller: User) async throws -> String {
        _ = try await applications.application(application, by: caller)
        let projects = try await store.cdApplications.projects(of: application).sorted()
        guard let home = projects.first else {
            throw SlipwayError.failedPrecondition(
                "application \(application) is bound to no project: bind it (BindCdApplicationToProject) to run its pipelines")
        }
        if caller.isAdmin { return home }
        for key in projects where try await store.access.access(user: caller, projectKey: key)?.allows(.action("run_workflow")) ?? false {
            return home
        }
        throw SlipwayError.forbidden("running the pipelines of \(application) needs an administrator or a member who may run workflows in its project")
    }

    /// Start pipeline `nameOrID` of `application` with `triggerJSON` (`TriggerJsonContent`).
    package func trigger(application: String, pipeline nameOrID: String, triggerJSON: String, by caller: User) async throws -> CdPipelineExecution {
        let trigger = try CdTrigger(json: triggerJSON)
        let projectKey = try await runningProject(application, by: caller)
        var found = try await store.cdPipelines.get(application: application, name: nameOrID)
        if found == nil { found = try await store.cdPipelines.get(id: nameOrID) }
        guard let config = found, config.application == application else {
            throw SlipwayError.notFound("pipeline \(nameOrID) not found in \(application)")
        }
        let plan = CdPipelineWorkflow(config)
        var deployments: [Int: CdPipelineWorkflow.Deployment] = [:]
        for index in plan.deployStages {
            let stage = plan.stages[index]
            let account = stage["account"]?.string ?? ""
            guard let group = try await hostGroup(account: account) else {
                throw SlipwayError.failedPrecondition("stage \(stage["refId"]?.string ?? "") deploys to \(account), which is not a host server group")
            }
            let prefix = "\(application)-\(stage["releaseName"]?.string ?? "")-v"
            let version = try await store.cdExecutions.serverGroupCount(account: account, prefix: prefix)
            let taken = deployments.values.filter { $0.serverGroupName.hasPrefix(prefix) }.count
            let agent = stage["agentMachineId"]?.int.map(Int64.init) ?? group.agentID
            deployments[index] = .init(groupID: group.id, serverGroupName: prefix + String(format: "%03d", version + taken), agentID: agent)
        }
        try await requireMachines(plan, deployments: deployments)
        let scripts = try await CdScriptRepositories(context: context).resolve(plan, projectKey: projectKey)
        let workflow = plan.workflow(
            config: config, projectKey: projectKey, deployments: deployments, scripts: scripts, parameters: trigger.parameters, by: caller)
        if let existing = try await store.workflows.get(key: workflow.key) {
            guard existing.projectKey == projectKey else {
                throw SlipwayError.conflict("the workflow of pipeline \(config.id) belongs to project \(existing.projectKey)")
            }
            try await store.workflows.update(workflow)
        } else {
            try await store.workflows.create(workflow, by: caller.account)
        }
        let task = try await context.engine.submit(workflow, RunRequest(params: [:], creator: caller.account))
        let execution = CdPipelineExecution(
            id: ULID.make(), configID: config.id, application: application, name: config.name, workflowKey: workflow.key, taskID: task.taskID,
            trigger: trigger.document(user: caller.account), createdBy: caller.account)
        try await store.cdExecutions.create(execution)
        if let ran = try await store.tasks.get(workflowKey: workflow.key, taskID: task.taskID), ran.status.isCompleted { await keep(ran) }
        return execution
    }

    /// Every agent machine the execution runs on is still enabled (0 is this server).
    func requireMachines(_ plan: CdPipelineWorkflow, deployments: [Int: CdPipelineWorkflow.Deployment]) async throws {
        for (index, stage) in plan.stages.enumerated() {
            guard let id = stage["type"]?.string == "script" ? stage["agentMachineId"]?.int.map(Int64.init) : deployments[index]?.agentID, id > 0
            else { continue }
            guard let agent = try await store.agents.find(id: id), agent.enabled else {
                throw SlipwayError.failedPrecondition(
                    "stage \(stage["refId"]?.string ?? "") runs on agent machine \(id), which no longer exists or is disabled")
            }
        }
    }

    /// The host server group whose account is `account` (`cred-<agent>-<id>`).
    func hostGroup(account: String) async throws -> HostServerGroup? {
        let parts = account.split(separator: "-")
        guard parts.count == 3, parts[0] == "cred", let id = Int64(parts[2]) else { return nil }
        guard let group = try await store.hostServerGroups.get(id: id), group.account == account else { return nil }
        return group
    }

    /// Execution `id` with its task, for whoever may see its application.
    package func execution(_ id: String, by caller: User) async throws -> (execution: CdPipelineExecution, task: WorkflowTask?, config: CdPipelineConfig?) {
        guard let execution = try await store.cdExecutions.get(id: id) else { throw SlipwayError.notFound("pipeline execution \(id) not found") }
        do { _ = try await applications.application(execution.application, by: caller) } catch SlipwayError.notFound {
            throw SlipwayError.notFound("pipeline execution \(id) not found")
        }
        let task = try await store.tasks.get(workflowKey: execution.workflowKey, taskID: execution.taskID)
        return (execution, task, try await store.cdPipelines.get(id: execution.configID))
    }

    /// The end of the log of each `script` and `deployHostserver` stage that ran, by stage index.
    package func stageLogs(_ execution: CdPipelineExecution, task: WorkflowTask?, config: CdPipelineConfig?) -> [Int: String] {
        guard let task, let config else { return [:] }
        let ran = Set(task.stages.flatMap(\.jobs).filter { $0.startedAt > 0 }.map(\.name))
        var logs: [Int: String] = [:]
        for (index, stage) in CdPipelineWorkflow(config).stages.enumerated()
        where CdExecutionDocument.loggedTypes.contains(stage["type"]?.string ?? "") && ran.contains(CdPipelineWorkflow.jobName(index)) {
            logs[index] = context.engine.logs.tailText(
                LogKey(workflowKey: execution.workflowKey, taskID: execution.taskID, jobName: CdPipelineWorkflow.jobName(index)),
                maxBytes: CdExecutionDocument.maxLogBytes)
        }
        return logs
    }

    /// The newest `limit` executions of config `configID`.
    package func executions(configID: String, limit: Int, by caller: User) async throws -> [(CdPipelineExecution, WorkflowTask?, CdPipelineConfig)] {
        guard let config = try await store.cdPipelines.get(id: configID) else { throw SlipwayError.notFound("pipeline config \(configID) not found") }
        do { _ = try await applications.application(config.application, by: caller) } catch SlipwayError.notFound {
            throw SlipwayError.notFound("pipeline config \(configID) not found")
        }
        var out: [(CdPipelineExecution, WorkflowTask?, CdPipelineConfig)] = []
        for execution in try await store.cdExecutions.list(configID: configID, limit: max(1, min(limit, 100))) {
            out.append((execution, try await store.tasks.get(workflowKey: execution.workflowKey, taskID: execution.taskID), config))
        }
        return out
    }

    /// Cancel a running execution, keeping `reason`; a finished one is left as it is.
    package func cancel(_ id: String, reason: String, by caller: User) async throws {
        let (execution, task, _) = try await self.execution(id, by: caller)
        _ = try await runningProject(execution.application, by: caller)
        guard reason.count <= 1_000 else { throw SlipwayError.invalidInput("Reason is at most 1000 characters") }
        guard let task, !task.status.isCompleted else { return }
        try await store.cdExecutions.setCancelReason(id: id, reason: reason)
        try await context.engine.cancel(workflowKey: execution.workflowKey, taskID: execution.taskID, by: caller.account)
    }

    /// The hosts of server group `serverGroupName` deployed with `account`, for administrators.
    package func hostInstances(account: String, serverGroupName: String, by caller: User) async throws -> [CdHostInstance] {
        try applications.requireAdmin(caller)
        return try await store.cdExecutions.instances(account: account, serverGroupName: serverGroupName)
    }

    /// Keep the status and times of the execution a finished task carried out.
    func keep(_ task: WorkflowTask) async {
        guard task.workflowKey.hasPrefix("coding-cd-") else { return }
        do {
            try await store.cdExecutions.setStatus(
                workflowKey: task.workflowKey, taskID: task.taskID, status: CdExecutionDocument.status(task.status), startedAt: task.startedAt,
                endedAt: task.endedAt)
        } catch {
            // The task keeps its own state; history and statistics show the execution as last kept.
            context.logger.warning(
                "CD execution status not kept", metadata: ["workflow": "\(task.workflowKey)", "task": "\(task.taskID)", "error": "\(error)"])
        }
    }

    /// Follow task events on the bus (the composition root subscribes this once).
    package func subscribe() {
        let service = self
        context.events.subscribe { event in
            if case .task(let task, let change) = event, task.workflowKey.hasPrefix("coding-cd-"), change != .created {
                await service.keep(task)
            }
        }
    }
}
