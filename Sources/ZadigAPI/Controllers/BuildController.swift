import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig §5: builds (`/openapi/build`). A build is a script with repositories and parameters that
/// `zadig-build` jobs run; credential parameters are stored sealed and answered blank.
struct BuildController {
    let services: ServiceContext
    let access: AccessControl
    var quality: QualityService { QualityService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("build", use: create)
        group.get("build", use: list)
        group.get("build/:buildName/detail", use: detail)
        group.put("build", use: update)
        group.delete("build", use: delete)
    }

    /// `POST /openapi/build`: the full build body; with `?source=template`, `{name, project_key,
    /// template_name, target_services: [{service_name, service_module, repo_info, inputs}]}`,
    /// where the template is a team build template (`/api/aslan/template/build`): its script,
    /// repositories, parameters and kept fields are copied, then each target's `repo_info` picks
    /// branches and `inputs` set parameter values; an unknown template is a 404.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(JSONValue.self, request, context)
        let build: BuildDefinition
        let user = try access.identity(context).user
        if ZadigInput.query(request, "source") == "template" {
            build = try await fromTemplate(body)
        } else {
            build = try QualityRequests.build(body)
        }
        context.audit.note(function: "项目管理-构建", projectKey: build.projectKey, detail: build.name)
        guard !build.projectKey.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        try await quality.createBuild(build, by: user)
        return try JSONResponse.make(SuccessResponse())
    }

    func fromTemplate(_ body: JSONValue) async throws -> BuildDefinition {
        let (name, project, template, targets) = try QualityRequests.reading(body) { (b) throws(JobPlanError) in
            (
                try b["name"].string(), try b["project_key"].string(), try b["template_name"].string(),
                try b["target_services"].items()
            )
        }
        guard !project.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        guard !template.isEmpty else { throw ZadigError.badRequest("template_name is required") }
        guard !targets.isEmpty else { throw ZadigError.badRequest("target_services is required") }
        let decoded = try targets.map { target in
            try QualityRequests.reading(target.value) { (t) throws(JobPlanError) in
                BuildTemplateTarget(
                    service: ServiceModuleRef(serviceName: try t["service_name"].string(), serviceModule: try t["service_module"].string()),
                    inputs: try t["inputs"].items().compactMap { input in input.value["key"].string.map { ($0, input.value["value"].string ?? "") } },
                    branches: try QualityRequests.repos(t["repo_info"]).map { (repository: $0["repo_name"], branch: $0["branch"]) })
            }
        }
        return try await quality.build(fromTemplate: template, name: name, projectKey: project, targets: decoded)
    }

    /// `GET /openapi/build?projectKey=&pageNum=&pageSize=` (defaults 1 and 20).
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        let page = try ZadigInput.pageQuery(request, "pageNum", default: 1, max: Int(Int32.max))
        let size = try ZadigInput.pageQuery(request, "pageSize", default: 20)
        let found = try await quality.builds(project: project, page: page, pageSize: size, user: try access.identity(context).user)
        return try JSONResponse.make(
            JSONValue.object(["total": .number(Double(found.total)), "builds": .array(found.items.map(QualityDTOs.buildListItem))]))
    }

    /// `GET /openapi/build/:buildName/detail?projectKey=`.
    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.path(context, "buildName")
        guard !name.isEmpty else { throw ZadigError.badRequest("empty buildName.") }
        guard let project = ZadigInput.query(request, "projectKey") else { throw ZadigError.badRequest("empty projectKey.") }
        let build = try await quality.build(name, project: project, user: try access.identity(context).user)
        return try JSONResponse.make(QualityDTOs.buildDetail(build))
    }

    /// `PUT /openapi/build`: the full build body replaces the stored build (a credential sent
    /// with an empty value keeps its stored value).
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let build = try QualityRequests.build(try await ZadigInput.body(JSONValue.self, request, context))
        context.audit.note(function: "项目管理-构建", projectKey: build.projectKey, detail: build.name)
        guard !build.projectKey.isEmpty else { throw ZadigError.badRequest("project_key is required") }
        try await quality.updateBuild(build, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// `DELETE /openapi/build?name=&projectKey=`.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = try ZadigInput.requiredQuery(request, "name")
        let project = try ZadigInput.requiredQuery(request, "projectKey")
        context.audit.note(function: "项目管理-构建", projectKey: project, detail: name)
        try await quality.deleteBuild(name, project: project, user: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }
}
