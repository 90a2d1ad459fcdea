import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig's image registries (`/openapi/system/registry`): system administrators register and
/// update them; any signed-in user lists and reads them, never with their keys.
struct ImageRegistryController {
    let services: ServiceContext
    let access: AccessControl
    var registries: ImageRegistryService { ImageRegistryService(services) }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("system/registry", use: create)
        group.get("system/registry", use: list)
        group.get("system/registry/:id", use: detail)
        group.put("system/registry/:id", use: update)
    }

    /// `POST /openapi/system/registry`: answers `{"message":"success"}`.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try access.requireAdmin(context)
        let registry = try await ZadigInput.body(ImageRegistryRequest.self, request, context).registry()
        context.audit.note(function: "镜像仓库", detail: "\(registry.host)/\(registry.namespace)")
        _ = try await registries.create(registry, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// `GET /openapi/system/registry`: a bare array.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        return try JSONResponse.make(try await registries.registries().map(ImageRegistryDTO.init))
    }

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try access.identity(context)
        return try JSONResponse.make(ImageRegistryDTO(try await registries.registry(id: try Self.id(context))))
    }

    /// `PUT /openapi/system/registry/:id`: the full body replaces the registry; a blank
    /// `secret_key` keeps the stored one.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        try access.requireAdmin(context)
        let id = try Self.id(context)
        let registry = try await ZadigInput.body(ImageRegistryRequest.self, request, context).registry()
        context.audit.note(function: "镜像仓库", detail: "\(registry.host)/\(registry.namespace)")
        try await registries.update(id: id, registry, by: try access.identity(context).user)
        return try JSONResponse.make(SuccessResponse())
    }

    /// Registry ids are numbers; any other id names no registry.
    static func id(_ context: AppRequestContext) throws -> Int64 {
        let text = try ZadigInput.path(context, "id")
        guard let id = Int64(text) else { throw ZadigError.notFound("image registry \(text) not found") }
        return id
    }
}
