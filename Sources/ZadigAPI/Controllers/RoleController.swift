import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// Zadig §14: resource-action definitions and project roles.
struct RoleController {
    let store: Store
    let access: AccessControl

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("policy/resource-actions", use: resourceActions)
        group.get("policy/roles", use: list)
        group.get("policy/roles/:name", use: detail)
        group.post("policy/roles", use: create)
        group.put("policy/roles/:name", use: update)
        group.delete("policy/roles/:name", use: delete)
    }

    /// The actions a role can grant, by resource.
    @Sendable func resourceActions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectName")
        let envType = try ZadigInput.requiredQuery(request, "envType")
        try await access.require(.view, project: project, context: context)
        return try JSONResponse.make(ResourceCatalog.resources(envType: envType).map(ResourceActionsItem.init))
    }

    /// A project's roles.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let namespace = try ZadigInput.requiredQuery(request, "namespace")
        try await access.require(.view, project: namespace, context: context)
        return try JSONResponse.make(try await store.roles.list(namespace: namespace).map(RoleBrief.init))
    }

    /// One role with its rules.
    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let namespace = try ZadigInput.requiredQuery(request, "namespace")
        let name = try ZadigInput.path(context, "name")
        try await access.require(.view, project: namespace, context: context)
        guard let role = try await store.roles.get(namespace: namespace, name: name) else {
            throw SlipwayError.notFound("role \(name) not found")
        }
        return try JSONResponse.make(RoleDetail(role))
    }

    /// Create a custom role.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(CreateRoleRequest.self, request, context)
        guard let namespace = ZadigInput.query(request, "namespace") ?? body.namespace else {
            throw ZadigError.badRequest("namespace is required")
        }
        context.audit.note(function: "角色", projectKey: namespace, detail: body.name)
        if let given = body.namespace, !given.isEmpty, given != namespace {
            throw ZadigError.badRequest("namespace in the body (\(given)) differs from the query (\(namespace))")
        }
        try await access.require(.administer, project: namespace, context: context)
        try await store.roles.create(Role(name: body.name, namespace: namespace, description: body.desc ?? "", actions: body.actions))
        return try JSONResponse.make(SuccessResponse())
    }

    /// Replace a custom role's actions.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let namespace = try ZadigInput.requiredQuery(request, "namespace")
        let name = try ZadigInput.path(context, "name")
        context.audit.note(function: "角色", projectKey: namespace, detail: name)
        let body = try await ZadigInput.body(UpdateRoleRequest.self, request, context)
        try await access.require(.administer, project: namespace, context: context)
        try await store.roles.update(namespace: namespace, name: name, actions: body.actions, description: body.desc)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Delete a custom role and its bindings.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let namespace = try ZadigInput.requiredQuery(request, "namespace")
        let name = try ZadigInput.path(context, "name")
        context.audit.note(function: "角色", projectKey: namespace, detail: name)
        try await access.require(.administer, project: namespace, context: context)
        try await store.roles.delete(namespace: namespace, name: name)
        return try JSONResponse.make(SuccessResponse())
    }
}
