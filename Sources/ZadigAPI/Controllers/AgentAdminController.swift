import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Slipway's agent administration (`/api/slipway/agents`, system administrators only): issue an
/// agent token (shown once), list agents with their state, enable and disable them.
struct AgentAdminController {
    let service: AgentService
    let access: AccessControl

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("agents", use: list)
        group.post("agents", use: create)
        group.post("agents/:id/enable") { try await setEnabled($0, $1, true) }
        group.post("agents/:id/disable") { try await setEnabled($0, $1, false) }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agents = try await service.list(by: access.identity(context).user)
        return try JSONResponse.make(AgentListResponse(agents: agents.map(AgentDTO.init)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try access.identity(context).user
        try access.requireAdmin(context)
        let body = try await ZadigInput.body(AgentCreateRequest.self, request, context)
        context.audit.note(function: "agent", detail: "issue token for \(body.name)")
        let issued = try await service.issueToken(by: caller, name: body.name, labels: body.labels ?? [], capacity: body.capacity ?? 1)
        let status = AgentStatus(agent: issued.agent, online: false, running: 0, busy: false)
        return try JSONResponse.make(AgentResponse(agent: AgentDTO(status), token: issued.token))
    }

    func setEnabled(_ request: Request, _ context: AppRequestContext, _ enabled: Bool) async throws -> Response {
        let caller = try access.identity(context).user
        let text = try ZadigInput.path(context, "id")
        guard let id = Int64(text) else { throw ZadigError.badRequest("id must be a number") }
        context.audit.note(function: "agent", detail: "\(enabled ? "enable" : "disable") \(text)")
        let status = try await service.setEnabled(by: caller, id: id, enabled)
        return try JSONResponse.make(AgentResponse(agent: AgentDTO(status), token: nil))
    }
}
