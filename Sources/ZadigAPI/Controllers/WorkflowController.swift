import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// Zadig §2: custom workflow definitions (list, detail, create, update, delete).
struct WorkflowController {
    let services: ServiceContext
    let access: AccessControl
    var store: Store { services.store }
    var workflows: WorkflowService { WorkflowService(services) }

    func addRoutes(openapi: RouterGroup<AppRequestContext>, aslan: RouterGroup<AppRequestContext>) {
        openapi.get("workflows", use: list)
        openapi.get("workflows/custom/:workflowKey/detail", use: detail)
        openapi.post("workflows/custom", use: create)
        openapi.put("workflows/custom/:workflowKey", use: update)
        openapi.delete("workflows/custom", use: delete)
        aslan.post("workflow/v4", use: create)
        aslan.put("workflow/v4/:name", use: update)
    }

    /// A project's workflows, optionally only those of a view.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        try await access.require(.action("get_workflow"), project: project, context: context)
        var list = try await store.workflows.list(projectKey: project)
        if let viewName = ZadigInput.query(request, "viewName") {
            guard let view = try await store.views.get(projectKey: project, name: viewName) else {
                throw SlipwayError.notFound("view \(viewName) not found")
            }
            let enabled = Set(view.workflows.filter(\.enabled).map(\.workflowKey))
            list = list.filter { enabled.contains($0.key) }
        }
        return try JSONResponse.make(WorkflowListResponse(list))
    }

    /// One workflow's definition.
    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try ZadigInput.path(context, "workflowKey")
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let workflow = try await workflows.workflow(key, project: project, user: access.identity(context).user, action: "get_workflow")
        return try JSONResponse.make(WorkflowDetailResponse(workflow))
    }

    /// Create a workflow from a YAML or JSON definition.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let workflow = try await parse(request, context: context)
        try await workflows.create(workflow, inView: ZadigInput.query(request, "viewName"), by: access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Replace a workflow's definition.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.optionalPath(context, "name") ?? ZadigInput.path(context, "workflowKey")
        let existing = try await store.workflows.get(key: name)
        let workflow = try await parse(request, context: context, restoringFrom: existing)
        guard workflow.key == name else { throw ZadigError.badRequest("name in the body (\(workflow.key)) differs from the path (\(name))") }
        if let project = ZadigInput.query(request, "projectName") ?? ZadigInput.query(request, "projectKey"), project != workflow.projectKey {
            throw ZadigError.badRequest("project in the body (\(workflow.projectKey)) differs from the query (\(project))")
        }
        try await workflows.update(workflow, by: access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Delete a workflow, its task history and its view entries.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try ZadigInput.requiredQuery(request, "workflowKey")
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        context.audit.note(function: "自定义工作流", projectKey: project, detail: key)
        try await workflows.delete(key, project: project, by: access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Read a definition body; with `restoringFrom`, credentials sent back as `***` keep their stored values.
    private func parse(_ request: Request, context: AppRequestContext, restoringFrom existing: Workflow? = nil) async throws -> Workflow {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw ZadigError.badRequest("request body is required") }
        let workflow: Workflow
        do {
            var body = try YAMLJSON.parse(String(buffer: buffer))
            if let existing, existing.projectKey == body["project"].string { body = CredentialMask.restored(body, from: existing) }
            workflow = try WorkflowDefinitionParser.parse(body, creator: try access.identity(context).user.account)
        } catch let error as ZadigError where error.code == 400 {
            throw ZadigError.operation(.lintWorkflow, error.description)
        } catch SlipwayError.invalidInput(let message) {
            throw ZadigError.operation(.lintWorkflow, message)
        }
        context.audit.note(function: "自定义工作流", projectKey: workflow.projectKey, detail: workflow.key)
        return workflow
    }
}
