import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// Zadig §2.11: workflow views.
struct ViewController {
    let services: ServiceContext
    let access: AccessControl
    var store: Store { services.store }
    var views: ViewService { ViewService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("workflows/view", use: list)
        group.post("workflows/view", use: create)
        group.put("workflows/view/:viewName", use: update)
        group.delete("workflows/view/:viewName", use: delete)
    }

    /// A project's views with their workflows.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        try await access.require(.action("get_workflow"), project: project, context: context)
        var names: [String: String] = [:]
        for workflow in try await store.workflows.list(projectKey: project) { names[workflow.key] = workflow.displayName }
        let views = try await store.views.list(projectKey: project).map { view in
            ViewDTO(
                name: view.name, project_key: view.projectKey, update_time: view.updatedAt.seconds, update_by: view.updatedBy,
                workflows: view.workflows.map {
                    .init(workflow_key: $0.workflowKey, workflow_name: names[$0.workflowKey] ?? $0.workflowKey, enabled: $0.enabled)
                })
        }
        return try JSONResponse.make(views)
    }

    /// Create a view (project admins).
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(CreateViewRequest.self, request, context)
        context.audit.note(function: "工作流视图", projectKey: body.project_key, detail: body.name)
        let user = try access.identity(context).user
        let view = WorkflowView(
            projectKey: body.project_key, name: body.name,
            workflows: body.workflow_list.map { .init(workflowKey: $0.workflow_key, enabled: $0.enabled ?? true) },
            updatedBy: user.account)
        try await views.create(view, by: user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Enable or disable the listed workflows of a view (`enabled: false` removes one, `true` adds
    /// it); workflows not listed stay as they are.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let name = try ZadigInput.path(context, "viewName")
        context.audit.note(function: "工作流视图", projectKey: project, detail: name)
        let body = try await ZadigInput.body(UpdateViewRequest.self, request, context)
        let changes = body.workflow_list.map { WorkflowView.Entry(workflowKey: $0.workflow_key, enabled: $0.enabled ?? true) }
        try await views.setEnabled(changes, inView: name, project: project, by: access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Delete a view (its workflows stay).
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let name = try ZadigInput.path(context, "viewName")
        context.audit.note(function: "工作流视图", projectKey: project, detail: name)
        try await views.delete(name, project: project, by: access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }
}

struct ViewDTO: Encodable {
    let name: String
    let project_key: String
    let update_time: Int64
    let update_by: String
    let workflows: [Item]

    struct Item: Encodable {
        let workflow_key: String
        let workflow_name: String
        let workflow_type = "custom"
        let enabled: Bool
    }
}

struct CreateViewRequest: Decodable {
    let project_key: String
    let name: String
    let workflow_list: [Entry]

    struct Entry: Decodable {
        let workflow_key: String
        let workflow_type: String?
        let enabled: Bool?
    }
}

struct UpdateViewRequest: Decodable {
    let workflow_list: [CreateViewRequest.Entry]
}
