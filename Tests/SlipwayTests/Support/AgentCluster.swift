import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `slipway serve` with real `slipway agent` processes on loopback, short leases, and
/// helpers to define and run workflows over HTTP.
final class AgentCluster: Sendable {
    let dataDir: String
    private let current: Mutex<ServerProcess>
    /// The server process running now (a restart replaces it).
    var server: ServerProcess { current.withLock { $0 } }
    let base: String
    let lease: Double
    let adminToken: String
    let root: String

    /// Start a server (host executor) whose agent leases last `lease` seconds.
    init(lease: Double = 5) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
        root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-agents-\(UUID().uuidString)").path
        dataDir = root + "/server"
        self.lease = lease
        let server = try Self.startServer(port: 0, dataDir: dataDir, lease: lease)
        current = Mutex(server)
        let tokenLine = try await server.waitFor("SLIPWAY_ADMIN_TOKEN=[A-Za-z0-9_-]+")
        adminToken = String(tokenLine.dropFirst("SLIPWAY_ADMIN_TOKEN=".count))
        let listening = try await server.waitFor("listening on http://127.0.0.1:[0-9]+")
        base = String(listening.dropFirst("listening on ".count))
        let project = try await call(
            "POST", "/openapi/projects/project",
            #"{"project_name":"agents","project_key":"agents","is_public":false,"description":"d","project_type":"yaml"}"#)
        #expect(project.status == 200, "\(project.body)")
    }

    static func startServer(port: Int, dataDir: String, lease: Double) throws -> ServerProcess {
        try ServerProcess(
            ["serve", "--port", "\(port)", "--data-dir", dataDir, "--executor", "host"],
            environment: ["SLIPWAY_AGENT_LEASE_TIMEOUT": "\(lease)", "SLIPWAY_AGENT_POLL_TIMEOUT": "1"])
    }

    /// `kill -9` the server, then start it again on the same port and data directory.
    func crashAndRestart() async throws {
        server.signal(SIGKILL)
        #expect(try await server.waitForExit(seconds: 10))
        let port = try #require(Int(base.split(separator: ":").last ?? ""))
        let next = try Self.startServer(port: port, dataDir: dataDir, lease: lease)
        current.withLock { $0 = next }
        _ = try await next.waitFor("listening on http://127.0.0.1:\(port)")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Issue a token with the CLI and start `slipway agent` with it; returns the agent once connected.
    func startAgent(
        _ name: String, labels: String, capacity: Int = 1, via server: String? = nil, executor: String = "host"
    ) async throws -> (
        process: ServerProcess, workDir: String
    ) {
        let issued = try await ServerProcess.run(["agent-token", "create", "--name", name, "--labels", labels, "--data-dir", dataDir])
        #expect(issued.code == 0, "\(issued.output)")
        let token = try #require(issued.output.split(separator: "\n").first { $0.hasPrefix("token: ") }?.dropFirst(7))
        let workDir = root + "/agent-\(name)"
        let agent = try ServerProcess(
            [
                "agent", "--server", server ?? base, "--labels", labels, "--capacity", "\(capacity)", "--executor", executor, "--work-dir", workDir,
            ], environment: ["SLIPWAY_AGENT_TOKEN": String(token)])
        _ = try await agent.waitFor("agent \(name) connected")
        return (agent, workDir)
    }

    func call(_ method: String, _ path: String, _ body: String? = nil, token: String? = nil) async throws -> (status: Int, body: String) {
        try await http(method, base + path, token: token ?? adminToken, body: body)
    }

    /// A Serverless Devs call (its `cd_token` header) when `cdToken`, else as `call` does.
    func call(_ method: String, _ path: String, _ body: String?, cdToken: Bool) async throws -> (status: Int, body: String) {
        try await send(method, path, body, headers: ["cd_token": adminToken])
    }

    /// A CODING Open API action as the administrator; the answer's body.
    func callCoding(_ action: String, _ body: String) async throws -> String {
        try await send("POST", "/open-api?Action=\(action)", body, headers: ["Authorization": "token \(adminToken)"]).body
    }

    private func send(_ method: String, _ path: String, _ body: String?, headers: [String: String]) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// A freestyle job running `script`, asking for `labels` (none: runs on the server).
    static func job(_ name: String, _ script: String, labels: [String] = [], errorPolicy: String? = nil) -> String {
        let text = String(decoding: try! JSONEncoder().encode(script), as: UTF8.self)
        let vm = labels.isEmpty ? "" : #","vm_labels":\#(String(decoding: try! JSONEncoder().encode(labels), as: UTF8.self))"#
        let policy = errorPolicy.map { #","error_policy":\#($0)"# } ?? ""
        return """
            {"name":"\(name)","type":"freestyle"\(policy),"spec":{"properties":{"timeout":5\(vm)},
             "steps":[{"name":"run","type":"shell","spec":{"script":\(text)}}]}}
            """
    }

    /// Define a workflow of stages (each a list of jobs) and run it; the task id.
    func run(_ key: String, stages: [[String]]) async throws -> Int {
        let stageText = stages.enumerated().map { #"{"name":"s\#($0.offset)","parallel":true,"jobs":[\#($0.element.joined(separator: ","))]}"# }
        let created = try await call(
            "POST", "/api/aslan/workflow/v4",
            #"{"name":"\#(key)","display_name":"\#(key)","project":"agents","concurrency_limit":-1,"stages":[\#(stageText.joined(separator: ","))]}"#)
        #expect(created.status == 200, "\(created.body)")
        let run = try await call("POST", "/openapi/workflows/custom/task", #"{"project_key":"agents","workflow_key":"\#(key)"}"#)
        #expect(run.status == 200, "\(run.body)")
        return try #require(JSON(run.body)["task_id"].int)
    }

    func task(_ key: String, _ id: Int) async throws -> JSON {
        JSON(try await call("GET", "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=\(key)").body)
    }

    /// Poll until the task's status satisfies `done` (default: finished).
    @discardableResult
    func waitFor(_ key: String, _ id: Int, seconds: Double = 30, until done: (JSON) -> Bool = { Harness.finished($0["status"].string) })
        async throws -> JSON
    {
        let deadline = Date().addingTimeInterval(seconds)
        var last = JSON.missing
        while Date() < deadline {
            last = try await task(key, id)
            if done(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("task \(key):\(id) did not reach the expected state; last: \(last)")
        return last
    }

    func log(_ key: String, _ id: Int, job: String) async throws -> String {
        try await call("GET", "/openapi/logs/log/v4/workflow/\(key)/\(id)/\(job)").body
    }

    /// Wait until the job's log contains `text`.
    func waitForLog(_ key: String, _ id: Int, job: String, containing text: String, seconds: Double = 20) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await log(key, id, job: job).contains(text) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the log of \(key):\(id)/\(job) never showed \(text)")
    }

    func stop() async throws {
        server.signal(SIGTERM)
        _ = try await server.waitForExit(seconds: 15)
    }
}
