import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayHTTP
import SlipwayServer
import SlipwayStore

/// The port a server bound, once it listens.
actor PortBox {
    var port = 0
    func set(_ value: Int) { port = value }
}

/// Run `router` on a loopback port; the port, and the server's task (cancel it to stop).
func serveOnLoopback(_ router: Router<AppRequestContext>, logger: Logger) async throws -> (port: Int, server: Task<Void, any Error>) {
    let box = PortBox()
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in await box.set(channel.localAddress?.port ?? 0) }, logger: logger)
    let server = Task { try await app.runService(gracefulShutdownSignals: []) }
    while await box.port == 0 { try await Task.sleep(for: .milliseconds(5)) }
    return (await box.port, server)
}

/// Step write → SSE client: the real router on a loopback port, a real HTTP client reading the
/// job's live log; each line carries the time bash wrote it.
func measureSSEOverHTTP(
    store: Store, engine: Engine, token: String, workflow: Workflow, jobName: String, creator: String, logger: Logger
) async throws -> [Double] {
    let (port, server) = try await serveOnLoopback(
        buildRouter(store: store, engine: engine, git: try GitRepositories(root: NSTemporaryDirectory() + "/slipway-bench-git")), logger: logger)
    defer { server.cancel() }

    let task = try await engine.submit(workflow, RunRequest(creator: creator))
    let key = LogKey(workflowKey: workflow.key, taskID: task.taskID, jobName: jobName)
    while await !engine.logs.isLive(key) { try await Task.sleep(for: .milliseconds(2)) }
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/openapi/logs/sse/v4/workflow/\(workflow.key)/\(task.taskID)/\(jobName)/0?token=\(token)")
    request.method = .GET
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
    var latencies: [Double] = []
    var pending = ""
    for try await chunk in response.body {
        let received = Date().timeIntervalSince1970
        pending += String(buffer: chunk)
        while let newline = pending.firstIndex(of: "\n") {
            let line = pending[..<newline]
            pending = String(pending[pending.index(after: newline)...])
            if line.hasPrefix("data:"), let sent = Double(line.dropFirst(5)) {
                latencies.append((received - sent) * 1000)
            }
        }
    }
    await engine.waitUntilIdle()
    return latencies
}
