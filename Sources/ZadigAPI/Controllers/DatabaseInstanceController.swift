import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// `/api/aslan/system/dbinstance`: databases that `sql` jobs run against (system administrators).
struct DatabaseInstanceController {
    let store: Store
    let access: AccessControl

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("system/dbinstance", use: list)
        group.post("system/dbinstance", use: create)
        group.delete("system/dbinstance/:id", use: delete)
    }

    /// Registered databases, without passwords.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try access.requireAdmin(context)
        return try JSONResponse.make(try await store.databases.list().map(DatabaseInstanceDTO.init))
    }

    /// Register a database: `type` sqlite (`path`) or postgresql (`host`, `port`, `username`, `password`, `database`).
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(CreateDatabaseRequest.self, request, context)
        context.audit.note(function: "数据库", detail: body.name)
        try access.requireAdmin(context)
        let url: String
        switch body.type {
        case "sqlite":
            guard let path = body.path, path.hasPrefix("/"), !path.contains("..") else {
                throw ZadigError.badRequest("path must be an absolute file path")
            }
            url = path
        case "postgresql":
            guard let host = body.host, !host.isEmpty else { throw ZadigError.badRequest("host is required") }
            var components = URLComponents()
            components.scheme = "postgres"
            components.host = host
            components.port = body.port ?? 5432
            components.user = body.username ?? "postgres"
            components.password = body.password
            components.path = "/" + (body.database ?? "postgres")
            guard let made = components.string, (try? PostgresURL.parse(made)) != nil else {
                throw ZadigError.badRequest("host, username and database must make a postgres:// URL")
            }
            url = made
        default:
            throw ZadigError.badRequest("type must be sqlite or postgresql")
        }
        let instance = DatabaseInstance(
            id: TokenSecret.uuid(), name: body.name, type: body.type, url: url,
            updatedBy: try access.identity(context).user.account)
        try await store.databases.create(instance)
        return try JSONResponse.make(["id": instance.id])
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try ZadigInput.path(context, "id")
        context.audit.note(function: "数据库", detail: id)
        try access.requireAdmin(context)
        try await store.databases.delete(id: id)
        return try JSONResponse.make(SuccessResponse())
    }
}

struct CreateDatabaseRequest: Decodable {
    let name: String
    let type: String
    let path: String?
    let host: String?
    let port: Int?
    let username: String?
    let password: String?
    let database: String?
}

struct DatabaseInstanceDTO: Encodable {
    let id: String
    let name: String
    let type: String
    let host: String
    let port: Int
    let username: String
    let database: String
    let update_by: String
    let update_time: Int64

    init(_ d: DatabaseInstance) {
        id = d.id
        name = d.name
        type = d.type
        let url = URLComponents(string: d.url)
        host = d.type == "sqlite" ? d.url : url?.host ?? ""
        port = url?.port ?? 0
        username = url?.user ?? ""
        database = d.type == "sqlite" ? "" : String((url?.path ?? "").drop { $0 == "/" })
        update_by = d.updatedBy
        update_time = d.updatedAt.seconds
    }
}
