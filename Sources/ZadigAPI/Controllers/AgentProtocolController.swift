import Foundation
import Hummingbird
import NIOCore
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
        group.post("enroll", use: enroll)
        group.post("connect", use: connect)
        group.post("claim", use: claim)
        group.post("heartbeat", use: heartbeat)
        group.post("leases/:lease/logs", use: logs)
        group.post("leases/:lease/finish", use: finish)
        group.get("leases/:lease/workspace", use: workspace)
        group.post("leases/:lease/upload", use: upload)
    }

    func agent(_ request: Request) async throws -> Agent {
        try await service.authenticate(secret: Credentials.secret(from: request))
    }

    static let connectFirst = ZadigError(code: 409, message: "Conflict", description: "unknown agent session: connect first")

    /// A new agent presents the install secret and gets its own token (shown this once).
    @Sendable func enroll(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(AgentEnrollment.self, request, context)
        let issued = try await service.enroll(secret: body.secret, name: body.name, labels: body.labels, capacity: body.capacity)
        return try JSONResponse.make(AgentResponse(agent: AgentDTO(AgentStatus(agent: issued.agent)), token: issued.token))
    }

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

    /// The server's workspace of the lease's job (a checkout made on the server), as a tar.
    @Sendable func workspace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try await agent(request)
        let lease = try ZadigInput.path(context, "lease")
        let directory = try await transfer { try await dispatcher.jobDirectory(agentID: agent.id, lease: lease) }
        let data: Data
        do { data = try await AgentJobFiles.workspaceArchive(of: directory) } catch { throw ZadigError.internalError("\(error)") }
        return Response(status: .ok, headers: [.contentType: "application/x-tar"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// One file an `archive` step uploads, kept under the lease's job directory.
    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let agent = try await agent(request)
        let lease = try ZadigInput.path(context, "lease")
        guard let path = request.uri.queryParameters.get("path"), !path.isEmpty else {
            throw ZadigError.badRequest("the query parameter path is required")
        }
        let directory = try await transfer { try await dispatcher.jobDirectory(agentID: agent.id, lease: lease) }
        let body = try await request.body.collect(upTo: AgentJobFiles.maxTransferSize)
        if let problem = AgentJobFiles.acceptUpload(Data(body.readableBytesView), path: path, into: directory) { throw ZadigError.badRequest(problem) }
        return try JSONResponse.make(["kept": path])
    }

    /// An unknown lease is 404, one taken up again after a restart 503, a failure 500 with its reason.
    func transfer<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let wait as AgentLeaseNotReady {
            throw ZadigError(code: 503, message: "Service Unavailable", description: wait.description)
        } catch let error as AgentProtocolError {
            throw ZadigError.notFound(error.message)
        }
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
