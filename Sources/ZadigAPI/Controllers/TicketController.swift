import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Zadig §2.12: pre-approval tickets.
struct TicketController {
    let services: ServiceContext
    let access: AccessControl

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("ticket/approval", use: create)
    }

    /// Register (or replace) a ticket for a project (project admins).
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(CreateTicketRequest.self, request, context)
        context.audit.note(function: "审批单", projectKey: body.project_key, detail: body.approval_id)
        let ticket = ApprovalTicket(
            projectKey: body.project_key, approvalID: body.approval_id, status: body.status, envs: body.envs?.values ?? [],
            services: (body.services ?? []).map { .init(serviceName: $0.service_name, serviceModule: $0.service_module ?? "") },
            users: (body.users ?? []).map { .init(name: $0.name ?? "", email: $0.email ?? "") },
            windowStart: body.execution_window_start ?? 0, windowEnd: body.execution_window_end ?? 0)
        let user = try access.identity(context).user
        try await withOperation(.createTicket) { try await TicketService(services).register(ticket, by: user) }
        return try JSONResponse.make(TicketCreatedResponse())
    }
}

/// The documented success answer of a ticket: `{"code":1,"message":"success"}`.
struct TicketCreatedResponse: Encodable {
    let code = 1
    let message = "success"
}

/// `envs` in its documented type, a string (comma-separated environment names), or a list of names.
struct EnvironmentNames: Decodable {
    let values: [String]

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let list = try? c.decode([String].self) {
            values = list
        } else {
            values = try c.decode(String.self).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}

struct CreateTicketRequest: Decodable {
    let project_key: String
    let approval_id: String
    let status: Int
    let envs: EnvironmentNames?
    let services: [Service]?
    let users: [User]?
    let execution_window_start: Int64?
    let execution_window_end: Int64?

    struct Service: Decodable {
        let service_name: String
        let service_module: String?
    }

    struct User: Decodable {
        let name: String?
        let email: String?
    }
}
