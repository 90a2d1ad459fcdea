import AsyncHTTPClient
import Foundation
import SlipwayCore
import Synchronization
import Testing

/// A client of a server-sent event stream over a real loopback socket, reading in the background.
final class EventStreamClient: Sendable {
    let status: Int
    private let received = Mutex<[ServerSentEvent]>([])
    private let reader = Mutex<Task<Void, Never>?>(nil)
    private let ended = Mutex(false)

    /// The server closed the stream (or the client hung up).
    var isEnded: Bool { ended.withLock { $0 } }

    private init(status: Int) {
        self.status = status
    }

    /// Open `path` on the live app; the stream is read until `close()`.
    static func open(_ app: Harness, _ path: String, token: String?, lastEventID: String? = nil) async throws -> EventStreamClient {
        let base = try #require(app.baseURL, "the app must listen on a socket (withApp(live: true))")
        return try await open(url: base + path, token: token, lastEventID: lastEventID)
    }

    /// Open `url` (a server started as a process, say).
    static func open(url: String, token: String?, lastEventID: String? = nil) async throws -> EventStreamClient {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let client = EventStreamClient(status: Int(response.status.code))
        let task = Task { [client] in
            var parser = ServerSentEventParser()
            do {
                for try await chunk in response.body {
                    let events = parser.feed(chunk.readableBytesView)
                    client.received.withLock { $0 += events }
                }
            } catch {}
            client.ended.withLock { $0 = true }
        }
        client.reader.withLock { $0 = task }
        return client
    }

    var events: [ServerSentEvent] { received.withLock { $0 } }

    /// The `task`/`job` events, as JSON.
    var changes: [JSON] { events.filter { $0.event == "task" || $0.event == "job" }.map { JSON($0.data) } }

    /// Wait until `done` holds for what arrived, or fail after `seconds`.
    @discardableResult
    func waitUntil(seconds: Double = 30, _ done: ([ServerSentEvent]) -> Bool) async throws -> [ServerSentEvent] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if done(events) { return events }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the stream did not deliver what was expected; got \(events)")
        return events
    }

    /// Wait for the `subscribed` event: from then on no change is missed.
    func waitSubscribed() async throws {
        try await waitUntil { $0.contains { $0.event == "subscribed" } }
    }

    /// Hang up.
    func close() {
        reader.withLock { $0?.cancel() }
    }

    deinit { close() }
}

extension JSON {
    /// `task 3 running`, `job build/compile passed` or `task 4 waiting (reason)`.
    var eventLine: String {
        if let job = self["job"].string { return "job \(self["stage"].string ?? "")/\(job) \(self["status"].string ?? "")" }
        let reason = self["reason"].string.map { " (\($0))" } ?? ""
        return "task \(self["task_id"].int ?? -1) \(self["status"].string ?? "")\(reason)"
    }
}
