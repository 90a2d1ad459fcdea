import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig §8 version management (`/openapi/delivery/releases`): `K8SYaml` versions of a project.
struct DeliveryVersionController {
    let services: ServiceContext
    let access: AccessControl
    var versions: DeliveryVersionService { DeliveryVersionService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("delivery/releases", use: list)
        group.get("delivery/releases/detail", use: detailByName)
        group.get("delivery/releases/:id", use: detail)
        group.delete("delivery/releases/:id", use: delete)
        group.post("delivery/releases/k8s", use: createK8s)
        group.post("delivery/releases/helm", use: createHelm)
        group.post("delivery/releases/retry", use: retry)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let pageNum = try ZadigInput.pageQuery(request, "pageNum", default: nil, max: Int(Int32.max))
        let pageSize = try ZadigInput.pageQuery(request, "pageSize", default: nil)
        let page = try await versions.list(projectKey: project, page: pageNum, pageSize: pageSize, user: try access.identity(context).user)
        return try JSONResponse.make(DeliveryVersionListResponse(page))
    }

    @Sendable func detailByName(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let name = ZadigInput.query(request, "versionName") else { throw ZadigError.badRequest("versionName can't be empty!") }
        guard let project = ZadigInput.query(request, "projectKey") else { throw ZadigError.badRequest("projectKey can't be empty!") }
        let version = try await versions.version(projectKey: project, name: name, user: try access.identity(context).user)
        return try JSONResponse.make(DeliveryVersionDetail(version))
    }

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        let version = try await versions.version(id: id, projectKey: ZadigInput.query(request, "projectKey"), user: try access.identity(context).user)
        return try JSONResponse.make(DeliveryVersionDetail(version))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        guard let project = ZadigInput.query(request, "projectKey") else { throw ZadigError.badRequest("projectKey can't be empty!") }
        context.audit.note(function: "版本管理", projectKey: project, detail: id)
        try await versions.delete(id: id, projectKey: project, user: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func createK8s(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(CreateDeliveryVersionRequest.self, request, context)
        context.audit.note(function: "版本管理", projectKey: body.project_key, detail: body.version_name)
        _ = try await versions.createK8s(try body.draft(), by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Helm chart versions are refused (no chart repository), after the caller's permission is checked.
    @Sendable func createHelm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(CreateDeliveryVersionRequest.self, request, context)
        context.audit.note(function: "版本管理", projectKey: body.project_key, detail: body.version_name)
        guard let project = body.project_key, !project.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        try await versions.createHelm(projectKey: project, user: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        var id = ZadigInput.query(request, "id"), project = ZadigInput.query(request, "projectKey")
        if id == nil || project == nil, let body = try? await ZadigInput.body(RetryDeliveryVersionRequest.self, request, context) {
            id = id ?? body.id
            project = project ?? body.projectKey
        }
        guard let id, !id.isEmpty else { throw ZadigError.badRequest("id can't be empty!") }
        guard let project, !project.isEmpty else { throw ZadigError.badRequest("projectKey can't be empty!") }
        context.audit.note(function: "版本管理", projectKey: project, detail: id)
        try await versions.retry(id: id, projectKey: project, user: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }
}
