import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// Workflow runs: start one through the approval-ticket gate, cancel, retry, and decide the
/// approvals and manual error checks a running task waits on.
package struct TaskService: Sendable {
    let context: ServiceContext
    var workflows: WorkflowService { WorkflowService(context) }

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// Run the workflow `key` (of `projectKey`) as `user`, who needs `run_workflow` there.
    package func run(
        _ key: String, project projectKey: String, by user: User, params: [String: String] = [:],
        jobInputs: [String: JSONValue] = [:], approvalTicketID: String? = nil
    ) async throws -> WorkflowTask {
        let workflow = try await workflows.workflow(key, project: projectKey, user: user, action: "run_workflow")
        let request = RunRequest(params: params, jobInputs: jobInputs, creator: user.account, approvalTicketID: approvalTicketID ?? "")
        return try await run(workflow, request, by: user)
    }

    /// Run a workflow the caller already resolved: its approval ticket is checked first (when the
    /// workflow requires one), then the task is created and queued.
    package func run(_ workflow: Workflow, _ request: RunRequest, by user: User) async throws -> WorkflowTask {
        if workflow.enableApprovalTicket {
            try await checkTicket(request.approvalTicketID, of: workflow, for: user)
        }
        do {
            return try await context.engine.submit(workflow, request)
        } catch SlipwayError.invalidInput(let message) {
            throw PipelineError.runRefused(message)
        }
    }

    /// The approval-ticket gate: a ticket of the workflow's project, valid now, for this user.
    func checkTicket(_ ticketID: String, of workflow: Workflow, for user: User) async throws {
        guard !ticketID.isEmpty else {
            throw PipelineError.runRefused("workflow task creation denied: approval_ticket_id is required")
        }
        guard let ticket = try await context.store.tickets.get(projectKey: workflow.projectKey, approvalID: ticketID) else {
            throw PipelineError.runRefused("workflow task creation denied: ticket \(ticketID) not found")
        }
        if let denial = ticket.denial(projectKey: workflow.projectKey, user: user) {
            throw PipelineError.runRefused("workflow task creation denied: \(denial)")
        }
    }

    /// A page of a workflow's task history, newest first, when `user` may read the workflow.
    package func history(
        of key: String, project projectKey: String, page: Int, pageSize: Int, user: User
    ) async throws -> Page<TaskSummary> {
        let found = try await workflows.requireAccess(
            to: key, project: projectKey, user: user, action: "get_workflow", page: (page, pageSize))
        return try await context.store.tasks.summaries(workflowKey: key, access: found, page: page, pageSize: pageSize)
    }

    /// One task of a workflow `user` may read.
    package func task(_ key: String, id: Int, project projectKey: String? = nil, user: User) async throws -> WorkflowTask {
        _ = try await workflows.workflow(key, project: projectKey, user: user, action: "get_workflow")
        guard let task = try await context.store.tasks.get(workflowKey: key, taskID: id) else {
            throw SlipwayError.notFound("task \(key):\(id) not found")
        }
        return task
    }

    /// Cancel a task that has not passed; its running processes are killed. `resolved` sees the
    /// workflow once it is found (before the cancel itself may fail).
    package func cancel(
        _ key: String, id: Int, by user: User, resolved: (Workflow) -> Void = { _ in }
    ) async throws {
        let workflow = try await workflows.workflow(key, project: nil, user: user, action: "run_workflow")
        resolved(workflow)
        try await context.engine.cancel(workflowKey: key, taskID: id, by: user.account)
    }

    /// Retry a failed, timed-out, cancelled or rejected task under the same number; what passed is kept.
    package func retry(_ key: String, id: Int, project projectKey: String? = nil, by user: User) async throws {
        _ = try await workflows.workflow(key, project: projectKey, user: user, action: "run_workflow")
        guard try await context.store.tasks.get(workflowKey: key, taskID: id) != nil else {
            throw SlipwayError.notFound("task \(key):\(id) not found")
        }
        do {
            try await context.engine.retry(workflowKey: key, taskID: id)
        } catch SlipwayError.failedPrecondition(let message) {
            throw PipelineError.notRetryable(message)
        }
    }

    /// Approve or reject what a running task waits on: a stage's approval (by stage name) or an
    /// approval job (by job name).
    package func approve(
        _ key: String, id: Int, name: String, approve: Bool, comment: String = "", by user: User
    ) async throws {
        _ = try await workflows.workflow(key, project: nil, user: user, action: "get_workflow")
        try await context.engine.approve(workflowKey: key, taskID: id, name: name, user: user.account, approve: approve, comment: comment)
    }

    /// Decide a job that failed under `error_policy: manual_check`: `ignore` or `reject`.
    package func handleJobError(_ key: String, id: Int, job: String, decision: String, by user: User) async throws {
        _ = try await workflows.workflow(key, project: nil, user: user, action: "get_workflow")
        try await context.engine.handleJobError(workflowKey: key, taskID: id, job: job, user: user, decision: decision)
    }
}
