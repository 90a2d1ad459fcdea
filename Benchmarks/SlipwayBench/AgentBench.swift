import AsyncHTTPClient
import Foundation
import Logging
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayServer
import SlipwayStore

/// Remote agents (`--agents`): the real router on a loopback port with the agent protocol, four
/// agent workers in this process talking to it over HTTP (sandbox executor, capacity 2 each), and
/// jobs asking for `vm_labels: [bench]`.
///   trigger → first step running on an agent, p50 / p99: the job writes `$EPOCHREALTIME` as its
///   first act; its output comes back with the agent's finish.
///   echo tasks/s with 4 agents: tasks submitted at once, 8 running, until all have ended.
/// With `--agent-processes` the four agents are real `slipway agent` processes (the `slipway`
/// binary next to this one) instead of workers in this process.
/// The agent process's idle RSS is measured on a real `slipway agent` (see Benchmarks/README.md).
enum AgentBench {
    static func run(_ options: BenchOptions, logger: Logger) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-agent-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try await StoreOpener.open(databaseURL: nil, dataDirectory: root.path, logger: logger)
        let admin = User(uid: "bench", account: "bench", name: "Bench", isAdmin: true)
        try await store.users.create(admin)
        try await store.projects.create(Project(key: "bench", name: "Bench", createdBy: admin.uid), creatorUID: admin.uid)
        let dispatcher = AgentDispatcher()
        var configuration = EngineConfiguration(dataDirectory: root.appendingPathComponent("server"), maxRunningTasks: 8)
        configuration.agentBackend = AgentBackend(dispatcher: dispatcher)
        let engine = Engine(store: store, configuration: configuration, logger: logger)
        try await engine.start()
        let git = try GitRepositories(root: root.appendingPathComponent("git").path)
        let (port, server) = try await serveOnLoopback(buildRouter(store: store, engine: engine, git: git, agents: dispatcher), logger: logger)

        var workers: [Task<Void, any Error>] = []
        var processes: [Process] = []
        let separate = options.has("--agent-processes")
        for index in 1...4 {
            let token = try await store.agents.issue(name: "bench-\(index)", labels: ["bench"], capacity: 2).secret
            let options = AgentWorker.Options(
                server: "http://127.0.0.1:\(port)", token: token, labels: [], capacity: 2, executor: "sandbox", version: "bench",
                workDirectory: root.appendingPathComponent("agent-\(index)"))
            if separate {
                processes.append(try startAgentProcess(options))
                continue
            }
            let worker = try AgentWorker(options: options, http: HTTPClient.shared, say: { _ in })
            workers.append(Task { try await worker.run() })
        }
        defer { for process in processes where process.isRunning { process.terminate() } }
        while await dispatcher.waitingReason(labels: ["bench"]) != nil { try await Task.sleep(for: .milliseconds(5)) }

        let job = JobDefinition(
            name: "stamp", type: .freestyle,
            spec: .object([
                "properties": .object(["vm_labels": .array([.string("bench")])]),
                "steps": .array([
                    .object([
                        "name": .string("sh"), "type": .string("shell"), "spec": .object(["script": .string("echo $EPOCHREALTIME > $SLIPWAY_OUTPUTS_DIR/T")]),
                    ])
                ]),
            ]))
        let echo = Workflow(
            key: "agent-echo", displayName: "agent-echo", projectKey: "bench", concurrencyLimit: -1,
            stages: [StageDefinition(name: "s", parallel: false, jobs: [job])], createdBy: admin.uid)
        try await store.workflows.create(echo)

        var latencies: [Double] = []
        for _ in 0..<(options.quick ? 30 : 200) {
            let t0 = Date().timeIntervalSince1970
            let task = try await engine.submit(echo, RunRequest(creator: admin.uid))
            await engine.waitUntilIdle()
            let done = try await store.tasks.get(workflowKey: echo.key, taskID: task.taskID)
            if let stamp = done?.stages.first?.jobs.first?.outputs["T"], let t1 = Double(stamp) { latencies.append((t1 - t0) * 1000) }
        }
        report(
            "agents: trigger → first step running on an agent, p50 / p99 (ms)",
            String(format: "%.2f / %.2f  (n=%d)", percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.count))

        let count = options.quick ? 100 : 500
        let start = ContinuousClock.now
        for _ in 0..<count { _ = try await engine.submit(echo, RunRequest(creator: admin.uid)) }
        await engine.waitUntilIdle()
        let elapsed = seconds(since: start)
        report(
            "agents: echo tasks/s with 4 agent \(separate ? "processes" : "workers in-process") (8 running)",
            String(format: "%.1f  (%d tasks in %.2f s)", Double(count) / elapsed, count, elapsed))

        for worker in workers { worker.cancel() }
        server.cancel()
        await engine.shutdown()
        await store.close()
    }

    /// A `slipway agent` process for `options`, its output discarded.
    static func startAgentProcess(_ options: AgentWorker.Options) throws -> Process {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("slipway")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchFailure("--agent-processes needs the slipway binary at \(binary.path) (swift build -c release --product slipway)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "agent", "--server", options.server, "--capacity", "\(options.capacity)", "--executor", options.executor, "--work-dir",
            options.workDirectory.path,
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(["SLIPWAY_AGENT_TOKEN": options.token]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
