import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayServer
import SlipwayStore

/// `slipway-bench --web`: the web pages rendered on the server (issue 14): a workflow's run list
/// with 10,000 runs (page 1 and a deep page) and the run page of a job that logged 1,000 lines
/// (with the full log as text it links to), each asked over HTTP of the real router by a signed-in
/// browser's session cookie; `/healthz` over the same connection for the transport's share.
///
///     slipway-bench --web [--postgres URL] [--samples N]
enum WebRenderBench {
    static let runsKey = "web-runs"
    static let runs = 10_000

    static func run(_ options: BenchOptions, logger: Logger) async throws {
        let samples = options.value(of: "--samples").flatMap(Int.init) ?? (options.quick ? 50 : 500)
        let bench = try await BenchEnvironment.open(postgresURL: options.postgresURL, logger: logger)
        _ = try await TaskFill.prepare(bench.store, workflowKey: runsKey)
        _ = try await TaskFill.fill(bench.store, workflowKey: runsKey, upTo: runs)
        let logged = try await bench.workflow(
            "web-log",
            stages: [StageDefinition(name: "s", parallel: false, jobs: [BenchEnvironment.shellJob("lines", "seq 1 1000 | sed 's/^/log line /'")])])
        try await bench.run(logged, count: 1)
        let session = try await bench.store.webSessions.open(userUID: bench.admin.uid, expiresAt: .now() + 3_600_000)

        let router = buildRouter(store: bench.store, engine: bench.engine, git: try GitRepositories(root: bench.root.path + "/git"))
        let (port, server) = try await serveOnLoopback(router, logger: logger)
        let base = "http://127.0.0.1:\(port)"
        /// GET `path` as the signed-in admin; the answer must be a 200 holding `expected` (when given).
        func get(_ path: String, expecting expected: String) async throws {
            var request = HTTPClientRequest(url: base + path)
            request.headers.add(name: "Cookie", value: "slipway_session=\(session.secret)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 24)
            guard response.status == .ok, expected.isEmpty || String(buffer: body).contains(expected) else {
                throw BenchFailure("GET \(path): \(response.status), without \(expected)")
            }
        }
        let list = "/ui/projects/bench/workflows/\(runsKey)"
        let deep = runs / 20 / 2
        let pages: [(String, String, String)] = [
            ("run list of \(runs), page 1", list, "runs/\(runs)\""),
            ("run list of \(runs), page \(deep)", "\(list)?page=\(deep)", "Page \(deep) of"),
            ("run page, 1,000-line log", "/ui/projects/bench/workflows/web-log/runs/1", "data-log-src="),
            ("its full log as text", "/api/aslan/logs/log/v4/workflow/web-log/1/lines", "log line 1000"),
            ("/healthz", "/healthz", ""),
        ]
        ListBench.report("web: store", bench.storeName)
        for (name, path, expected) in pages {
            try await get(path, expecting: expected)
            let times = try await ListBench.measure(samples) { try await get(path, expecting: expected) }
            ListBench.report("web: \(name), p50 / p99 (ms)", ListBench.summary(times))
        }
        server.cancel()
        await bench.close()
    }
}
