import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayServer
import SlipwayServices
import SlipwayStore
import Synchronization

/// When the engine announced each change (right after storing it), keyed as the stream names it.
/// Attached before the bus publisher, so the time is taken before the event leaves the engine.
private final class ChangeClock: TaskObserver {
    private let times = Mutex<[String: Double]>([:])

    static func key(task: Int, status: String, job: String?) -> String { "\(task) \(job ?? "-") \(status)" }

    private func stamp(_ key: String) {
        let now = Date().timeIntervalSince1970
        times.withLock { $0[key] = now }
    }

    func task(_ task: WorkflowTask, did event: TaskEvent) async { stamp(Self.key(task: task.taskID, status: event.rawValue, job: nil)) }

    func task(_ task: WorkflowTask, waits reason: String) async { stamp(Self.key(task: task.taskID, status: "waiting", job: nil)) }

    func jobs(_ changes: [JobStateChange], of task: WorkflowTask) async {
        for change in changes { stamp(Self.key(task: task.taskID, status: change.status.rawValue, job: change.job)) }
    }

    /// When the change was announced (and forget it).
    func take(_ key: String) -> Double? { times.withLock { $0.removeValue(forKey: key) } }
}

/// What a change event's `data` says, as far as the benchmark reads it.
private struct ChangeData: Decodable {
    let task_id: Int
    let status: String
    let job: String?
}

/// State change → task event at the client (issue 12, point 4): a dedicated engine publishing on
/// a bus, the real router on a loopback port, a real HTTP client following the workflow's task
/// event stream while `tasks` runs of a 1 → 2 parallel jobs pipeline go through one by one.
/// Returns each event's latency in milliseconds.
func measureTaskEventsOverHTTP(store: Store, root: URL, token: String, tasks: Int, logger: Logger) async throws -> [Double] {
    let engine = Engine(
        store: store, configuration: EngineConfiguration(dataDirectory: root.appendingPathComponent("events-engine"), maxRunningTasks: 8), logger: logger)
    let clock = ChangeClock()
    let events = EventBus()
    await engine.addObserver(clock)
    await engine.addObserver(TaskEventPublisher(events: events))
    try await engine.start()
    let job: (String) -> JobDefinition = { name in
        JobDefinition(
            name: name, type: .freestyle,
            spec: .object(["steps": .array([.object(["name": .string("sh"), "type": .string("shell"), "spec": .object(["script": .string("true")])])])]))
    }
    let workflow = Workflow(
        key: "events", displayName: "events", projectKey: "bench", concurrencyLimit: -1,
        stages: [StageDefinition(name: "s", parallel: true, jobs: [job("left"), job("right")])], createdBy: "bench")
    try await store.workflows.create(workflow)

    let git = try GitRepositories(root: root.appendingPathComponent("events-git").path)
    let (port, server) = try await serveOnLoopback(buildRouter(store: store, engine: engine, git: git, events: events), logger: logger)
    defer { server.cancel() }

    let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/openapi/workflows/custom/events/tasks/events?token=\(token)")
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let (subscribed, ready) = AsyncStream<Void>.makeStream()
    let latencies = Mutex<[Double]>([])
    let reader = Task {
        var parser = ServerSentEventParser()
        for try await chunk in response.body {
            let received = Date().timeIntervalSince1970
            for event in parser.feed(chunk.readableBytesView) {
                if event.event == "subscribed" { ready.yield() }
                guard event.event == "task" || event.event == "job",
                    let change = try? JSONDecoder().decode(ChangeData.self, from: Data(event.data.utf8)),
                    let announced = clock.take(ChangeClock.key(task: change.task_id, status: change.status, job: change.job))
                else { continue }
                latencies.withLock { $0.append((received - announced) * 1000) }
            }
        }
    }
    for await _ in subscribed { break }
    for _ in 0..<tasks {
        _ = try await engine.submit(workflow, RunRequest(creator: "bench"))
        await engine.waitUntilIdle()
    }
    // Every run sends 7 events (created, running, 2 × 2 jobs, passed): wait for the last ones.
    let deadline = Date().addingTimeInterval(10)
    while latencies.withLock({ $0.count }) < tasks * 7 && Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
    reader.cancel()
    await engine.shutdown()
    return latencies.withLock { $0 }
}

/// The task event section: state change → event at an HTTP client, p50 / p99.
func reportTaskEventLatency(_ bench: BenchEnvironment, tasks: Int) async throws {
    let token = try await bench.store.tokens.issue(userUID: bench.admin.uid, name: "bench-events").secret
    let latencies = try await measureTaskEventsOverHTTP(
        store: bench.store, root: bench.root, token: token, tasks: tasks, logger: bench.logger)
    report(
        "state change → task event at client over HTTP, p50 / p99 (ms, target p99 ≤ 10)",
        String(format: "%.2f / %.2f  (n=%d)", percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.count))
}
