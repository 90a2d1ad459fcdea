import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Slipway's team CI build templates (`/api/slipway/ci/templates`): CODING's Open API has no
/// action to write them, so administrators keep them here; any signed-in user reads them, and
/// CreateCodingCIJobByTeamTemplate makes a CI job from one. Sensitive values are never answered.
struct CITemplateController {
    let services: ServiceContext
    let access: AccessControl
    var ci: CIService { CIService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("ci/templates", use: create)
        group.get("ci/templates", use: list)
        group.get("ci/templates/:id", use: detail)
        group.delete("ci/templates/:id", use: delete)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try access.identity(context).user
        try access.requireAdmin(context)
        let body = try await ZadigInput.body(CITemplateRequest.self, request, context)
        context.audit.note(function: "团队构建模版", detail: body.name)
        guard (body.env ?? []).count <= 200 else { throw ZadigError.badRequest("env holds at most 200 variables") }
        let env = (body.env ?? []).map { CIJob.Variable(name: $0.name, value: $0.value ?? "", sensitive: $0.sensitive ?? false) }
        var secrets: [String: String] = [:]
        for variable in env where variable.sensitive { secrets[variable.name] = variable.value }
        let template = CITemplate(name: body.name, description: body.description ?? "", jenkinsfile: body.jenkinsfile, env: env)
        return try JSONResponse.make(CITemplateDTO(try await ci.createTemplate(template, secrets: secrets, by: user)))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        let templates = try await ci.templates()
        return try JSONResponse.make(CITemplateListResponse(list: templates.map(CITemplateDTO.init), total: templates.count))
    }

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        return try JSONResponse.make(CITemplateDTO(try await ci.template(try Self.id(context))))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try access.identity(context).user
        let id = try Self.id(context)
        context.audit.note(function: "团队构建模版", detail: "delete \(id)")
        try await ci.deleteTemplate(id, by: user)
        return try JSONResponse.make(SuccessResponse())
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        guard let id = Int64(try ZadigInput.path(context, "id")) else { throw ZadigError.badRequest("id must be a number") }
        return id
    }
}

/// `POST /api/slipway/ci/templates`.
struct CITemplateRequest: Decodable {
    let name: String
    let description: String?
    let jenkinsfile: String
    let env: [Variable]?

    struct Variable: Decodable {
        let name: String
        let value: String?
        let sensitive: Bool?
    }
}

/// A template as answered: a sensitive variable's value is blank.
struct CITemplateDTO: Encodable {
    let id: Int64
    let name: String
    let description: String
    let jenkinsfile: String
    let env: [Variable]
    let created_by: String
    let created_at: Int64

    struct Variable: Encodable {
        let name: String
        let value: String
        let sensitive: Bool
    }

    init(_ t: CITemplate) {
        id = t.id
        name = t.name
        description = t.description
        jenkinsfile = t.jenkinsfile
        env = t.env.map { Variable(name: $0.name, value: $0.sensitive ? "" : $0.value, sensitive: $0.sensitive) }
        created_by = t.createdBy
        created_at = t.createdAt
    }
}

struct CITemplateListResponse: Encodable {
    let list: [CITemplateDTO]
    let total: Int
}
