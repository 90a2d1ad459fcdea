import Hummingbird
import SlipwayCore
import SlipwayEngine
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// Zadig §2: run, list, inspect, cancel, retry and approve workflow tasks.
struct TaskController {
    let services: ServiceContext
    let access: AccessControl
    var tasks: TaskService { TaskService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("workflows/custom/task", use: run)
        group.get("workflows/custom/:workflowKey/tasks", use: list)
        group.get("workflows/custom/task", use: detail)
        group.delete("workflows/custom/task", use: cancel)
        group.post("workflows/custom/:workflowKey/task/:taskID", use: retry)
        group.post("workflows/custom/task/approve", use: approve)
        group.post("workflows/custom/task/error-handle", use: handleError)
    }

    /// Run a workflow: create a task and queue it.
    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(RunWorkflowRequest.self, request, context)
        context.audit.note(function: "自定义工作流", projectKey: body.project_key, detail: body.workflow_key)
        let user = try access.identity(context).user
        var params: [String: String] = [:]
        for p in body.parameters ?? [] { params[p.name] = p.value?.string ?? "" }
        var inputs: [String: JSONValue] = [:]
        for input in body.inputs ?? [] { inputs[input.job_name] = input.parameters ?? .object([:]) }
        let task = try await withOperation(.createTask) {
            try await tasks.run(
                body.workflow_key, project: body.project_key, by: user, params: params, jobInputs: inputs,
                approvalTicketID: body.approval_ticket_id)
        }
        return try JSONResponse.make(RunWorkflowResponse(project_name: task.projectKey, workflow_name: task.workflowKey, task_id: task.taskID))
    }

    /// A workflow's task history, newest first.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try ZadigInput.path(context, "workflowKey")
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let pageNum = try ZadigInput.pageQuery(request, "pageNum", default: 1, max: Int(Int32.max))
        let pageSize = try ZadigInput.pageQuery(request, "pageSize", default: 50)
        let user = try access.identity(context).user
        let page = try await withOperation(.listTasks) {
            try await tasks.history(of: key, project: project, page: pageNum, pageSize: pageSize, user: user)
        }
        return JSONResponse.make(written: TaskListResponse(page))
    }

    /// One task with its stages and jobs.
    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (key, id) = try taskRef(request)
        let user = try access.identity(context).user
        let task = try await withOperation(.getTask) { try await tasks.task(key, id: id, user: user) }
        let types = Set(task.stages.flatMap { $0.jobs.map(\.type) })
        let quality = QualityService(services)
        let tests = types.contains(.zadigTest) ? try await quality.testResults(workflowKey: key, taskID: id) : []
        let scans = types.contains(.zadigScanning) ? try await quality.scanResults(workflowKey: key, taskID: id) : []
        return try JSONResponse.make(TaskDetailResponse(task, testResults: tests, scanResults: scans))
    }

    /// Cancel a task that has not passed; its running processes are killed.
    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (key, id) = try taskRef(request)
        context.audit.note(function: "自定义工作流", detail: "\(key):\(id)")
        let user = try access.identity(context).user
        try await withOperation(.cancelTask) {
            try await tasks.cancel(key, id: id, by: user) { workflow in
                context.audit.note(function: "自定义工作流", projectKey: workflow.projectKey, detail: "\(key):\(id)")
            }
        }
        return try JSONResponse.make(SuccessResponse())
    }

    /// Retry a failed task under the same number; what passed is kept.
    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try ZadigInput.path(context, "workflowKey")
        guard let id = Int(try ZadigInput.path(context, "taskID")) else { throw ZadigError.badRequest("taskID must be an integer") }
        let project = ZadigInput.query(request, "projectKey")
        context.audit.note(function: "自定义工作流", projectKey: project, detail: "\(key):\(id)")
        let user = try access.identity(context).user
        // A task in a state that cannot be retried is the caller's mistake: 400 in the envelope, not a 500.
        try await withOperation(.getTask) { try await tasks.retry(key, id: id, project: project, by: user) }
        return try JSONResponse.make(SuccessResponse())
    }

    /// Approve or reject a waiting approval of a task.
    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(ApproveRequest.self, request, context)
        context.audit.note(function: "自定义工作流", detail: "\(body.workflow_key):\(body.task_id) \(body.stage_name)")
        let user = try access.identity(context).user
        try await withOperation(.approveTask) {
            try await tasks.approve(
                body.workflow_key, id: body.task_id, name: body.stage_name, approve: body.approve ?? false,
                comment: body.comment ?? "", by: user)
        }
        return try JSONResponse.make(SuccessResponse())
    }

    /// Decide a job that failed under `error_policy: manual_check`: `ignore` or `reject`.
    @Sendable func handleError(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(HandleJobErrorRequest.self, request, context)
        context.audit.note(function: "自定义工作流", detail: "\(body.workflow_name):\(body.task_id) \(body.job_name)")
        let user = try access.identity(context).user
        try await withOperation(.approveTask) {
            try await tasks.handleJobError(body.workflow_name, id: body.task_id, job: body.job_name, decision: body.decision, by: user)
        }
        return try JSONResponse.make(SuccessResponse())
    }

    private func taskRef(_ request: Request) throws -> (String, Int) {
        let key = try ZadigInput.requiredQuery(request, "workflowKey")
        guard let id = try ZadigInput.intQuery(request, "taskId") else { throw ZadigError.badRequest("taskId is required") }
        return (key, id)
    }
}
