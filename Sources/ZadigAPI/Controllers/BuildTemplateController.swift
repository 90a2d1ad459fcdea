import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig's team build templates (`/api/aslan/template/build`): system administrators create,
/// update and delete them (a refused call is logged under `模板-构建`, as Zadig logs it before
/// checking who calls); any signed-in user lists and reads them (as Zadig's own list does).
/// `POST /openapi/build?source=template` makes a project's build from one.
struct BuildTemplateController {
    let services: ServiceContext
    let access: AccessControl
    var quality: QualityService { QualityService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("template/build", use: create)
        group.get("template/build", use: list)
        group.get("template/build/:id", use: detail)
        group.get("template/build/:id/reference", use: reference)
        group.put("template/build/:id", use: update)
        group.delete("template/build/:id", use: delete)
    }

    /// `POST /api/aslan/template/build`: the template body; answers `{"message":"success"}`.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let build = try BuildTemplateDTOs.request(try await ZadigInput.body(JSONValue.self, request, context))
        context.audit.note(function: "模板-构建", detail: build.name)
        try access.requireAdmin(context)
        _ = try await quality.createBuildTemplate(build, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// `GET /api/aslan/template/build?pageNum=&pageSize=` (defaults 1 and 20).
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        let page = try ZadigInput.pageQuery(request, "pageNum", default: 1, max: Int(Int32.max))
        let size = try ZadigInput.pageQuery(request, "pageSize", default: 20)
        return try JSONResponse.make(BuildTemplateDTOs.list(try await quality.buildTemplates(page: page, pageSize: size)))
    }

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        return try JSONResponse.make(BuildTemplateDTOs.detail(try await quality.buildTemplate(id: try Self.id(context))))
    }

    /// `GET /api/aslan/template/build/:id/reference`: the builds made from the template, as
    /// `[{build_name, project_name, service_module: [string]}]`; Zadig lists them to any
    /// signed-in user, Slipway only those of projects the caller may read builds in.
    @Sendable func reference(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try access.identity(context).user
        return try JSONResponse.make(BuildTemplateDTOs.references(try await quality.buildTemplateReferences(id: try Self.id(context), user: user)))
    }

    /// `PUT /api/aslan/template/build/:id`: the full body replaces the template (a credential
    /// sent blank keeps its stored value).
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let build = try BuildTemplateDTOs.request(try await ZadigInput.body(JSONValue.self, request, context))
        context.audit.note(function: "模板-构建", detail: build.name)
        try access.requireAdmin(context)
        try await quality.updateBuildTemplate(id: id, build, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        context.audit.note(function: "模板-构建", detail: try ZadigInput.path(context, "id"))
        try access.requireAdmin(context)
        let id = try Self.id(context)
        try await quality.deleteBuildTemplate(id: id, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Template ids are numbers; any other id names no template.
    static func id(_ context: AppRequestContext) throws -> Int64 {
        let text = try ZadigInput.path(context, "id")
        guard let id = Int64(text) else { throw ZadigError.notFound("build template \(text) not found") }
        return id
    }
}
