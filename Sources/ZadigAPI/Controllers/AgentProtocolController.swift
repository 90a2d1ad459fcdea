import Hummingbird
import SlipwayCore
import SlipwayEngine
import SlipwayHTTP
import SlipwayServices

/// The agent protocol (`/api/slipway/agent/*`, `Authorization: Bearer <agent token>`): connect,
/// claim by long poll, heartbeat, numbered log batches and the finish of a leased command.
/// Unknown tokens get 401, disabled agents 403; an agent the server does not know (after a
/// restart) gets 409 and connects again.
struct AgentProtocolController {
    let service: AgentService
    let dispatcher: AgentDispatcher

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("connect", use: connect)
        group.post("claim", use: claim)
        group.post("heartbeat", use: heartbeat)
        group.post("leases/:lease/logs", use: logs)
        group.post("leases/:lease/finish", use: finish)
    }

    func agent(_ request: Request) async throws -> Agent {
        try await service.authenticate(secret: Credentials.secret(from: request))
    }

    static let connectFirst = ZadigError(code: 409, message: "Conflict", description: "unknown agent session: connect first")

    @Sendable func connect(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try await agent(request)
        let hello = try await ZadigInput.body(AgentHello.self, request, context)
        return try JSONResponse.make(try await service.connect(agent, hello: hello))
    }

    @Sendable func claim(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try await agent(request)
        let body = try await ZadigInput.body(AgentClaimRequest.self, request, context)
        guard let reply = await dispatcher.claim(agentID: agent.id, running: body.running) else { throw Self.connectFirst }
        return try JSONResponse.make(reply)
    }

    @Sendable func heartbeat(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try await agent(request)
        let body = try await ZadigInput.body(AgentHeartbeat.self, request, context)
        guard let reply = await dispatcher.heartbeat(agentID: agent.id, leases: body.leases) else { throw Self.connectFirst }
        try await service.seen(agent.id)
        return try JSONResponse.make(reply)
    }

    @Sendable func logs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try await agent(request)
        let lease = try ZadigInput.path(context, "lease")
        let batch = try await ZadigInput.body(AgentLogBatch.self, request, context)
        return try await answer { try await dispatcher.appendLogs(agentID: agent.id, lease: lease, batch: batch) }
    }

    @Sendable func finish(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try await agent(request)
        let lease = try ZadigInput.path(context, "lease")
        let body = try await ZadigInput.body(AgentFinish.self, request, context)
        return try await answer { try await dispatcher.finish(agentID: agent.id, lease: lease, body) }
    }

    /// A missing batch is 409 (send the rest again), an unknown lease 404 (stop), a lease the
    /// server is taking up again after a restart 503 (call again).
    func answer(_ body: () async throws -> AgentLogAck) async throws -> Response {
        do {
            return try JSONResponse.make(try await body())
        } catch let gap as AgentLogGap {
            throw ZadigError(code: 409, message: "Conflict", description: gap.description)
        } catch let wait as AgentLeaseNotReady {
            throw ZadigError(code: 503, message: "Service Unavailable", description: wait.description)
        } catch let error as AgentProtocolError {
            throw ZadigError.notFound(error.message)
        }
    }
}
