import AsyncHTTPClient
import Foundation
import NIOCore

/// The agent protocol as `slipway agent` calls it: JSON over HTTP with its agent token.
package struct AgentClient: Sendable {
    /// The server's answer was not 200.
    package struct Refused: Error, Sendable, CustomStringConvertible {
        package let status: UInt
        package let body: String
        package var description: String { "the server answered \(status)\(body.isEmpty ? "" : ": \(body)")" }
        /// The agent must connect again (the server forgot it, e.g. after a restart).
        package var needsConnect: Bool { status == 409 && body.contains("connect") }
        /// The token is unknown or the agent disabled: retrying does not help.
        package var isFinal: Bool { status == 401 || status == 403 }
    }

    let baseURL: String
    let token: String
    let client: HTTPClient

    package init(baseURL: String, token: String, client: HTTPClient) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.client = client
    }

    /// Enroll a new agent at `baseURL` with the server's install secret; its token.
    package static func enroll(baseURL: String, _ enrollment: AgentEnrollment, client: HTTPClient) async throws -> String {
        let enrolled: AgentEnrolled = try await AgentClient(baseURL: baseURL, token: "", client: client).post(
            "enroll", enrollment, timeout: .seconds(15))
        return enrolled.token
    }

    package func connect(_ hello: AgentHello) async throws -> AgentWelcome {
        try await post("connect", hello, timeout: .seconds(15))
    }

    /// The long poll: held by the server up to its poll time.
    package func claim(_ request: AgentClaimRequest, holdMillis: Int64) async throws -> AgentClaimReply {
        try await post("claim", request, timeout: .milliseconds(holdMillis) + .seconds(15))
    }

    package func heartbeat(_ body: AgentHeartbeat) async throws -> AgentHeartbeatReply {
        try await post("heartbeat", body, timeout: .seconds(10))
    }

    package func logs(lease: String, _ batch: AgentLogBatch) async throws -> AgentLogAck {
        try await post("leases/\(lease)/logs", batch, timeout: .seconds(15))
    }

    package func finish(lease: String, _ body: AgentFinish) async throws -> AgentLogAck {
        try await post("leases/\(lease)/finish", body, timeout: .seconds(30))
    }

    /// The server's workspace of the lease's job, as a tar.
    package func workspace(lease: String) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: "\(baseURL)/api/slipway/agent/leases/\(lease)/workspace")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        return try await send(request, timeout: .seconds(300), limit: AgentJobFiles.maxTransferSize)
    }

    /// Upload one file of the lease's job to the server, at `path` under its upload directory.
    package func upload(lease: String, path: String, bytes: ByteBuffer) async throws {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        let query = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        var request = HTTPClientRequest(url: "\(baseURL)/api/slipway/agent/leases/\(lease)/upload?path=\(query)")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.body = .bytes(bytes)
        _ = try await send(request, timeout: .seconds(300), limit: 1 << 16)
    }

    private func send(_ request: HTTPClientRequest, timeout: Duration, limit: Int) async throws -> ByteBuffer {
        let response = try await client.execute(request, timeout: .nanoseconds(timeout.components.seconds * 1_000_000_000))
        let bytes = try await response.body.collect(upTo: limit)
        guard response.status == .ok else { throw Refused(status: response.status.code, body: String(buffer: bytes)) }
        return bytes
    }

    private func post<Reply: Decodable>(_ path: String, _ body: some Encodable, timeout: Duration) async throws -> Reply {
        var request = HTTPClientRequest(url: "\(baseURL)/api/slipway/agent/\(path)")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        let response = try await client.execute(request, timeout: .nanoseconds(timeout.components.seconds * 1_000_000_000))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else { throw Refused(status: response.status.code, body: String(buffer: bytes)) }
        return try JSONDecoder().decode(Reply.self, from: Data(bytes.readableBytesView))
    }
}
