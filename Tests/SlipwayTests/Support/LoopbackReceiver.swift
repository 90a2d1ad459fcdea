import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A real HTTP server on 127.0.0.1 that records every POST it gets, answers like a chat robot
/// (`{"errcode":0,"errmsg":"ok"}`) and can be told to fail (HTTP 500) the first N requests or all of them,
/// or to answer slowly.
struct LoopbackReceiver: Sendable {
    struct Received: Sendable {
        let path: String
        let query: String
        let headers: HTTPFields
        let body: Data
        var json: JSON { JSON(String(decoding: body, as: UTF8.self)) }
        func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
    }

    actor State {
        var requests: [Received] = []
        var failuresLeft = 0
        var failAlways = false
        var delay: Duration = .zero

        func record(_ request: Received) -> Bool {
            requests.append(request)
            if failAlways { return false }
            if failuresLeft > 0 {
                failuresLeft -= 1
                return false
            }
            return true
        }

        func setDelay(_ value: Duration) { delay = value }

        func setFailures(first: Int, always: Bool) {
            failuresLeft = first
            failAlways = always
        }
    }

    let port: Int
    let state: State

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Fail (HTTP 500) the next `first` requests, or every request when `always`.
    func fail(first: Int = 0, always: Bool = false) async { await state.setFailures(first: first, always: always) }

    /// Answer every request only after `delay` (a hanging endpoint).
    func answer(after delay: Duration) async { await state.setDelay(delay) }

    /// Everything received so far, optionally only at one path.
    func requests(at path: String? = nil) async -> [Received] {
        let all = await state.requests
        return path.map { p in all.filter { $0.path == p } } ?? all
    }

    /// Wait until at least `count` requests arrived (at `path` if given).
    @discardableResult
    func waitFor(_ count: Int, at path: String? = nil, seconds: Double = 15) async throws -> [Received] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let got = await requests(at: path)
            if got.count >= count { return got }
            try await Task.sleep(for: .milliseconds(20))
        }
        let got = await requests(at: path)
        Issue.record("expected \(count) request(s) at \(path ?? "any path"), got \(got.count)")
        return got
    }
}

/// Run `body` with a loopback receiver listening on an ephemeral port.
func withLoopbackReceiver<T: Sendable>(_ body: @Sendable (LoopbackReceiver) async throws -> T) async throws -> T {
    let state = LoopbackReceiver.State()
    let router = Router()
    router.post("**") { request, _ -> Response in
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let received = LoopbackReceiver.Received(
            path: request.uri.path, query: request.uri.query ?? "", headers: request.headers, body: Data(buffer.readableBytesView))
        let ok = await state.record(received)
        let delay = await state.delay
        if delay > .zero { try? await Task.sleep(for: delay) }
        let text = ok ? #"{"errcode":0,"errmsg":"ok"}"# : #"{"errcode":500,"errmsg":"failing on purpose"}"#
        return Response(
            status: ok ? .ok : .internalServerError, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    return try await app.test(.live) { client in
        let port = try #require(client.port)
        return try await body(LoopbackReceiver(port: port, state: state))
    }
}
