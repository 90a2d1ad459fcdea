import AsyncHTTPClient
import Foundation
import NIOCore
import SlipwayCore

/// The Zadig API of a running Slipway server, as `slipway run` calls it.
struct ServerAPI: Sendable {
    let baseURL: String
    let token: String
    let client: HTTPClient

    /// The server answered with an error.
    struct Refused: Error, CustomStringConvertible {
        let status: UInt
        let body: String
        var description: String { "the server answered \(status)\(body.isEmpty ? "" : ": \(body)")" }
    }

    /// A client without a read timeout: streams may stay quiet as long as a job does.
    static func makeClient() -> HTTPClient {
        HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10), read: nil)))
    }

    private func request(_ path: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        return request
    }

    /// `GET` JSON; the decoded answer, or `Refused` for any status but 200.
    func get<T: Decodable>(_ path: String, as: T.Type) async throws -> T {
        try await send(request(path), as: T.self)
    }

    /// `POST` JSON; the decoded answer, or `Refused` for any status but 200.
    func post<T: Decodable>(_ path: String, body: some Encodable, as: T.Type) async throws -> T {
        var request = request(path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        return try await send(request, as: T.self)
    }

    private func send<T: Decodable>(_ request: HTTPClientRequest, as: T.Type) async throws -> T {
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else { throw Refused(status: response.status.code, body: String(buffer: bytes)) }
        return try JSONDecoder().decode(T.self, from: Data(bytes.readableBytesView))
    }

    /// Open a server-sent event stream; `Refused` unless it answers 200. `lastEventID` resumes.
    func events(_ path: String, lastEventID: String? = nil) async throws -> AsyncThrowingStream<ServerSentEvent, any Error> {
        var request = request(path)
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await client.execute(request, timeout: .seconds(30))
        guard response.status == .ok else {
            let bytes = try await response.body.collect(upTo: 1 << 20)
            throw Refused(status: response.status.code, body: String(buffer: bytes))
        }
        return AsyncThrowingStream { continuation in
            let reader = Task {
                var parser = ServerSentEventParser()
                do {
                    for try await chunk in response.body {
                        for event in parser.feed(chunk.readableBytesView) { continuation.yield(event) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in reader.cancel() }
        }
    }
}

/// Percent-encoding for one path segment or query value.
extension String {
    var urlSegment: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}
