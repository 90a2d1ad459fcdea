import AsyncHTTPClient
import Foundation
import Hummingbird
import Testing

/// A loopback HTTP proxy between an agent and its server that loses answers: every first
/// attempt of a log batch or finish reaches the server, but the agent gets a 502 instead of the
/// server's answer, as when a connection drops after the request went through.
actor LossyProxyState {
    var seen: Set<String> = []
    var lost = 0

    /// Whether this request's answer is lost (the first time its exact body is seen).
    func loses(_ path: String, _ body: Data) -> Bool {
        guard path.hasSuffix("/logs") || path.hasSuffix("/finish") else { return false }
        let key = path + String(decoding: body, as: UTF8.self)
        guard seen.insert(key).inserted else { return false }
        lost += 1
        return true
    }
}

/// Run `body` with a proxy to `upstream` listening on an ephemeral port; its base URL and state.
func withLossyProxy<T: Sendable>(upstream: String, _ body: @Sendable (String, LossyProxyState) async throws -> T) async throws -> T {
    let state = LossyProxyState()
    let router = Router()
    router.post("**") { request, _ -> Response in
        let buffer = try await request.body.collect(upTo: 16 << 20)
        let data = Data(buffer.readableBytesView)
        var forward = HTTPClientRequest(url: upstream + request.uri.description)
        forward.method = .POST
        for field in request.headers where field.name == .authorization || field.name == .contentType {
            forward.headers.add(name: field.name.rawName, value: field.value)
        }
        forward.body = .bytes(ByteBuffer(bytes: data))
        let answer = try await HTTPClient.shared.execute(forward, timeout: .seconds(60))
        let bytes = try await answer.body.collect(upTo: 16 << 20)
        if await state.loses(request.uri.path, data) {
            return Response(status: .badGateway, body: ResponseBody(byteBuffer: ByteBuffer(string: "answer lost on purpose")))
        }
        return Response(
            status: HTTPResponse.Status(code: Int(answer.status.code)), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: bytes))
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
        let port = try #require(client.port)
        return try await body("http://127.0.0.1:\(port)", state)
    }
}
