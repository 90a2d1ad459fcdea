import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig §10 artifact management: `GET /api/aslan/delivery/releases?projectName=&workflowName=
/// &taskId=&serviceName=&page=&per_page=` lists versions with what each delivers, newest first.
struct DeliveryArtifactController {
    let services: ServiceContext
    let access: AccessControl

    func addRoutes(to aslan: RouterGroup<AppRequestContext>) {
        aslan.get("delivery/releases", use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try access.identity(context).user
        var taskID: Int?
        if let text = Self.nonEmpty(request, "taskId") {
            guard let number = Int(text) else { throw ZadigError.badRequest("strconv.Atoi: parsing \"\(text)\": invalid syntax") }
            taskID = number == 0 ? nil : number
        }
        let filter = DeliveryVersionService.ArtifactFilter(
            projectKey: Self.nonEmpty(request, "projectName"), workflowName: Self.nonEmpty(request, "workflowName"), taskID: taskID,
            serviceName: Self.nonEmpty(request, "serviceName"), page: try Self.number(request, "page", default: 1),
            perPage: min(try Self.number(request, "per_page", default: 20), 500))
        let versions = try await DeliveryVersionService(services).artifacts(filter, user: user)
        return try JSONResponse.make(versions.map(DeliveryArtifactRelease.init))
    }

    static func nonEmpty(_ request: Request, _ name: String) -> String? {
        guard let value = ZadigInput.query(request, name), !value.isEmpty else { return nil }
        return value
    }

    /// A paging number as Zadig reads it: absent or not positive is `fallback`; not a number is refused.
    static func number(_ request: Request, _ name: String, default fallback: Int) throws -> Int {
        guard let text = nonEmpty(request, name) else { return fallback }
        guard let value = Int(text) else { throw ZadigError.badRequest("\(name) args err :strconv.Atoi: parsing \"\(text)\": invalid syntax") }
        return value > 0 ? value : fallback
    }
}
