import Foundation
import Logging
import SlipwayCore
import SlipwayEngine
import SlipwayStore

// slipway-bench: engine latency, throughput, memory and the job sandbox's cost on this machine (run a release build).
// Jobs run in the bubblewrap sandbox (the default executor) throughout.
//   swift build -c release --product slipway-bench && .build/release/slipway-bench [--quick] [--postgres URL]

let arguments = CommandLine.arguments
if arguments.contains("--list") { try await ListBench.run(arguments); exit(0) }
let quick = arguments.contains("--quick")
let postgresURL = arguments.firstIndex(of: "--postgres").flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
var logger = Logger(label: "bench")
logger.logLevel = .error

let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: root) }
let store = try await StoreOpener.open(databaseURL: postgresURL, dataDirectory: root.path, logger: logger)
let admin = User(uid: "bench", account: "bench", name: "Bench", isAdmin: true)
try await store.users.create(admin)
try await store.projects.create(Project(key: "bench", name: "Bench", createdBy: "bench"), creatorUID: admin.uid)

func shellJob(_ name: String, _ script: String) -> JobDefinition {
    JobDefinition(
        name: name, type: .freestyle,
        spec: .object([
            "steps": .array([.object(["name": .string("sh"), "type": .string("shell"), "spec": .object(["script": .string(script)])])])
        ]))
}

func workflow(_ key: String, stages: [StageDefinition]) async throws -> Workflow {
    let w = Workflow(key: key, displayName: key, projectKey: "bench", concurrencyLimit: -1, stages: stages, createdBy: "bench")
    try await store.workflows.create(w)
    return w
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func rssMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kb / 1024
}

func report(_ name: String, _ value: String) {
    // Unbuffered, so progress shows even when stdout is a file.
    FileHandle.standardOutput.write(Data((String(format: "%-58@ %@", name as NSString, value as NSString) + "\n").utf8))
}

let engine = Engine(store: store, configuration: EngineConfiguration(dataDirectory: root, maxRunningTasks: 8), logger: logger)
try await engine.start()
report("store", postgresURL == nil ? "sqlite (WAL)" : "postgresql")
report("RSS idle (MiB)", String(format: "%.1f", rssMiB()))

// 1. Trigger → first step running: bash stamps $EPOCHREALTIME as its first act.
let echo = try await workflow(
    "echo",
    stages: [
        StageDefinition(
            name: "s", parallel: false,
            jobs: [
                shellJob("stamp", "echo $EPOCHREALTIME > $SLIPWAY_OUTPUTS_DIR/T")
            ])
    ])
var latencies: [Double] = []
for _ in 0..<(quick ? 30 : 200) {
    let t0 = Date().timeIntervalSince1970
    let task = try await engine.submit(echo, RunRequest(creator: "bench"))
    await engine.waitUntilIdle()
    let done = try await store.tasks.get(workflowKey: "echo", taskID: task.taskID)
    if let stamp = done?.stages.first?.jobs.first?.outputs["T"], let t1 = Double(stamp) {
        latencies.append((t1 - t0) * 1000)
    }
}
report(
    "trigger → first step running, p50 / p99 (ms)",
    String(format: "%.2f / %.2f  (n=%d)", percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.count))

// 2. Throughput of one-job echo tasks, 8 running at once.
let throughputTasks = quick ? 200 : 1000
var start = Date()
for _ in 0..<throughputTasks { _ = try await engine.submit(echo, RunRequest(creator: "bench")) }
await engine.waitUntilIdle()
var elapsed = Date().timeIntervalSince(start)
report("echo tasks/s (8 concurrent)", String(format: "%.1f  (%d tasks in %.2f s)", Double(throughputTasks) / elapsed, throughputTasks, elapsed))

// 3. Three stages, four parallel jobs in the middle.
let pipeline = try await workflow(
    "pipeline",
    stages: [
        StageDefinition(name: "build", parallel: false, jobs: [shellJob("build", "echo build")]),
        StageDefinition(name: "test", parallel: true, jobs: (1...4).map { shellJob("test-\($0)", "echo test \($0)") }),
        StageDefinition(name: "deploy", parallel: false, jobs: [shellJob("deploy", "echo deploy")]),
    ])
let pipelines = quick ? 40 : 200
start = Date()
for _ in 0..<pipelines { _ = try await engine.submit(pipeline, RunRequest(creator: "bench")) }
await engine.waitUntilIdle()
elapsed = Date().timeIntervalSince(start)
report("3-stage pipelines/s (4 parallel jobs in stage 2)", String(format: "%.1f  (%d in %.2f s)", Double(pipelines) / elapsed, pipelines, elapsed))

// 4. Step write → live subscriber: the job stamps each line; the subscriber compares on receipt.
let chatty = try await workflow(
    "chatty",
    stages: [
        StageDefinition(
            name: "s", parallel: false,
            jobs: [
                shellJob("talk", "sleep 0.3; for i in $(seq 1 \(quick ? 100 : 1000)); do echo $EPOCHREALTIME; sleep 0.002; done")
            ])
    ])
let chattyTask = try await engine.submit(chatty, RunRequest(creator: "bench"))
var stream: AsyncStream<LogLine>?
for _ in 0..<200 {
    if await engine.logs.isLive(LogKey(workflowKey: "chatty", taskID: chattyTask.taskID, jobName: "talk")) {
        stream = await engine.logs.subscribe(LogKey(workflowKey: "chatty", taskID: chattyTask.taskID, jobName: "talk"), afterLine: 1)
        break
    }
    try await Task.sleep(for: .milliseconds(5))
}
var delivery: [Double] = []
if let stream {
    for await line in stream {
        if let sent = Double(line.text) { delivery.append((Date().timeIntervalSince1970 - sent) * 1000) }
    }
}
await engine.waitUntilIdle()
report(
    "step write → in-process log subscriber, p50 / p99 (ms)",
    String(format: "%.2f / %.2f  (n=%d)", percentile(delivery, 0.5), percentile(delivery, 0.99), delivery.count))

let benchToken = try await store.tokens.issue(userUID: admin.uid, name: "bench").secret
let sse = try await measureSSEOverHTTP(store: store, engine: engine, token: benchToken, workflow: chatty, jobName: "talk", logger: logger)
report("step write → SSE client over HTTP, p50 / p99 (ms)", String(format: "%.2f / %.2f  (n=%d)", percentile(sse, 0.5), percentile(sse, 0.99), sse.count))

// 5. The sandbox's cost per job: one process on the host vs under bubblewrap (interleaved runs).
let cost = try await measureSandboxCost(root: root, count: quick ? 50 : 300)
let hostMean = cost.host.reduce(0, +) / Double(cost.host.count), sandboxMean = cost.sandbox.reduce(0, +) / Double(cost.sandbox.count)
report(
    "one-process job on the host, p50 / p99 / mean (ms)",
    String(
        format: "%.2f / %.2f / %.2f  (n=%d)",
        percentile(cost.host, 0.5), percentile(cost.host, 0.99), hostMean, cost.host.count))
report(
    "same job in the sandbox, p50 / p99 / mean (ms)",
    String(
        format: "%.2f / %.2f / %.2f  (n=%d)",
        percentile(cost.sandbox, 0.5), percentile(cost.sandbox, 0.99), sandboxMean, cost.sandbox.count))
report(
    "sandbox cost per job, p50 / mean (ms, target ≤ 10)",
    String(
        format: "%.2f / %.2f",
        percentile(cost.sandbox, 0.5) - percentile(cost.host, 0.5), sandboxMean - hostMean))

// 6. Memory after many finished tasks.
let target = quick ? 1000 : 10_000
let finished = try await store.tasks.count(status: .passed)
start = Date()
for _ in 0..<max(target - finished, 0) { _ = try await engine.submit(echo, RunRequest(creator: "bench")) }
await engine.waitUntilIdle()
elapsed = Date().timeIntervalSince(start)
report(
    "RSS after \(try await store.tasks.count(status: .passed)) finished tasks (MiB)",
    String(format: "%.1f  (last batch %.1f tasks/s)", rssMiB(), Double(max(target - finished, 0)) / elapsed))

await engine.shutdown()
await store.close()
