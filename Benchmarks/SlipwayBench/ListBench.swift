import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SQLKit
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayServer
import SlipwayStore

/// `slipway-bench --list`: the task list at scale (issue 12, point 2). Fills one workflow with
/// `--rows` tasks (default 1,000,000) unless it has them, then measures page 1, a deep page and
/// the total, in-process through the store and over HTTP against the real route; and, for
/// comparison, the base commit's list (COUNT(*) + OFFSET + open and decode every row's state).
///
///     slipway-bench --list [--rows N] [--postgres URL] [--data-dir DIR] [--samples N]
///     slipway-bench --list --fill N [--postgres URL] --data-dir DIR   # fill only, for `slipway serve`
///
/// With `--data-dir` the store is kept (and reused); the admin's API token is written to
/// `DIR/bench-token`.
enum ListBench {
    static let workflowKey = "bench-list"
    static let pageSize = 50

    static func run(_ arguments: [String]) async throws {
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        var logger = Logger(label: "list-bench")
        logger.logLevel = .error
        let fillOnly = value("--fill").flatMap(Int.init)
        let rows = fillOnly ?? value("--rows").flatMap(Int.init) ?? 1_000_000
        let samples = value("--samples").flatMap(Int.init) ?? 200
        let kept = value("--data-dir")
        let directory = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("slipway-list-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if kept == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let postgres = value("--postgres")
        let store = try await StoreOpener.open(databaseURL: postgres, dataDirectory: directory, logger: logger)
        let token = try await TaskFill.prepare(store, workflowKey: workflowKey)
        try token.write(toFile: directory + "/bench-token", atomically: true, encoding: .utf8)
        let t0 = Date()
        let added = try await TaskFill.fill(store, workflowKey: workflowKey, upTo: rows)
        let fillSeconds = Date().timeIntervalSince(t0)
        if postgres == nil {
            // Measure a settled store: pages read from the database file, not from a fresh write-ahead log.
            try await store.sql.read { db in try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        }
        report("list: store", postgres == nil ? "sqlite (WAL) at \(directory)" : "postgresql")
        report("list: rows filled", String(format: "%d in %.1f s (%.0f rows/s)", added, fillSeconds, Double(added) / max(fillSeconds, 0.001)))
        if fillOnly != nil {
            await store.close()
            return
        }
        let total = try await store.tasks.summaries(workflowKey: workflowKey, page: 1, pageSize: 0).total
        let deep = max(1, total / pageSize / 2), last = max(1, (total + pageSize - 1) / pageSize)
        report("list: tasks in the workflow", "\(total)")
        for (name, page) in [("page 1", 1), ("deep page \(deep)", deep), ("last page \(last)", last)] {
            let plan = try await store.tasks.summariesPlan(workflowKey: workflowKey, page: page, pageSize: pageSize)
            report("list: plan, \(name)", plan.joined(separator: " | "))
        }
        for (name, page) in [("page 1", 1), ("deep page \(deep)", deep), ("last page \(last)", last)] {
            let times = try await measure(samples) {
                _ = try await store.tasks.summaries(workflowKey: workflowKey, page: page, pageSize: pageSize)
            }
            report("list: store, \(name) of \(pageSize), p50 / p99 (ms)", summary(times))
        }
        let counts = try await measure(samples) { _ = try await store.tasks.summaries(workflowKey: workflowKey, page: 1, pageSize: 0) }
        report("list: store, total (maintained count), p50 / p99 (ms)", summary(counts))

        try await measureHTTP(store: store, token: token, deep: deep, samples: samples, logger: logger)

        let legacySamples = max(5, samples / 10)
        let legacyCount = try await measure(legacySamples) { _ = try await LegacyList.count(store, workflowKey: workflowKey) }
        report("list: before (base commit), COUNT(*), p50 / p99 (ms)", summary(legacyCount))
        for (name, page) in [("page 1", 1), ("deep page \(deep)", deep)] {
            let times = try await measure(legacySamples) {
                _ = try await LegacyList.page(store, workflowKey: workflowKey, page: page, pageSize: pageSize)
            }
            report("list: before (base commit), \(name) with its COUNT, p50 / p99 (ms)", summary(times))
        }
        await store.close()
    }

    /// The real router on a loopback port; the client asks for the Zadig task list and `/healthz`.
    static func measureHTTP(store: Store, token: String, deep: Int, samples: Int, logger: Logger) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-list-engine-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(store: store, configuration: EngineConfiguration(dataDirectory: root, maxRunningTasks: 2), logger: logger)
        try await engine.start()
        let router = buildRouter(store: store, engine: engine, git: try GitRepositories(root: root.path + "/git"))
        let (port, server) = try await serveOnLoopback(router, logger: logger)
        let base = "http://127.0.0.1:\(port)"
        func get(_ path: String) async throws {
            var request = HTTPClientRequest(url: base + path)
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 24)
            guard response.status == .ok, body.readableBytes > 0 else { throw BenchFailure("GET \(path): \(response.status)") }
        }
        for (name, page) in [("page 1", 1), ("deep page \(deep)", deep)] {
            let path = "/openapi/workflows/custom/\(workflowKey)/tasks?projectKey=bench&pageNum=\(page)&pageSize=\(pageSize)"
            try await get(path)
            report("list: HTTP, \(name) of \(pageSize), p50 / p99 (ms)", summary(try await measure(samples) { try await get(path) }))
        }
        report("list: HTTP, /healthz, p50 / p99 (ms)", summary(try await measure(samples) { try await get("/healthz") }))
        server.cancel()
        await engine.shutdown()
    }

    /// Milliseconds of each of `count` runs of `body`, after two warm-up runs.
    static func measure(_ count: Int, _ body: () async throws -> Void) async throws -> [Double] {
        for _ in 0..<2 { try await body() }
        var times: [Double] = []
        for _ in 0..<count {
            let start = ContinuousClock.now
            try await body()
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        return times
    }

    static func summary(_ times: [Double]) -> String {
        let sorted = times.sorted()
        func at(_ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)] }
        return String(format: "%.3f / %.3f  (n=%d)", at(0.5), at(0.99), sorted.count)
    }

    static func report(_ name: String, _ value: String) {
        FileHandle.standardOutput.write(Data((String(format: "%-58@ %@", name as NSString, value as NSString) + "\n").utf8))
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Fills one workflow with finished tasks fast: rows are sealed like the server's own and
/// inserted 1,000 per statement, 10,000 per transaction, the counter moved in the same
/// transaction. List and detail read them as any other task.
enum TaskFill {
    /// The bench user, project and workflow (created when missing); returns a new API token of the user.
    static func prepare(_ store: Store, workflowKey: String) async throws -> String {
        if try await store.users.find(uid: "bench") == nil {
            try await store.users.create(User(uid: "bench", account: "bench", name: "Bench", isAdmin: true))
        }
        if try await store.projects.get(key: "bench") == nil {
            try await store.projects.create(Project(key: "bench", name: "Bench", createdBy: "bench"), creatorUID: "bench")
        }
        if try await store.workflows.get(key: workflowKey) == nil {
            try await store.workflows.create(Workflow(key: workflowKey, displayName: "Bench list", projectKey: "bench", createdBy: "bench"))
        }
        try await store.sql.write { db in
            try await db.insert(into: "workflow_counters").columns("workflow_key", "project_key", "last_task_id")
                .values(SQLBind(workflowKey), SQLBind("bench"), SQLBind(0)).ignoringConflicts(with: ["workflow_key"]).run()
        }
        return try await store.tokens.issue(userUID: "bench", name: "list-bench-\(UUID().uuidString)").secret
    }

    /// Adds tasks until the workflow has `rows`; returns how many were added.
    static func fill(_ store: Store, workflowKey: String, upTo rows: Int) async throws -> Int {
        guard let workflow = try await store.workflows.get(key: workflowKey) else { throw BenchFailure("no workflow \(workflowKey)") }
        let perStatement = 1_000, perTransaction = 10_000
        var added = 0
        while true {
            let last = try await store.sql.read { db in
                try await db.select().column("last_task_id").from("workflow_counters").where("workflow_key", .equal, workflowKey)
                    .first(decodingColumn: "last_task_id", as: Int.self) ?? 0
            }
            let count = min(perTransaction, rows - last)
            guard count > 0 else { return added }
            let sealed = try (1...count).map { try row(workflow, taskID: last + $0, store.secrets) }
            try await store.sql.write { db in
                for start in stride(from: 0, to: sealed.count, by: perStatement) {
                    var insert = db.insert(into: "tasks").columns(
                        "workflow_key", "task_id", "project_key", "status", "creator", "created_at", "started_at", "ended_at", "state",
                        "updated_at", "workflow_name")
                    for values in sealed[start..<min(start + perStatement, sealed.count)] { insert = insert.values(values) }
                    try await insert.run()
                }
                try await db.raw(
                    """
                    UPDATE workflow_counters SET last_task_id = last_task_id + \(bind: count), task_count = task_count + \(bind: count)
                    WHERE workflow_key = \(bind: workflowKey)
                    """
                ).run()
            }
            added += count
        }
    }

    /// One finished task's row values: a build stage with one shell job, as the engine leaves it.
    static func row(_ workflow: Workflow, taskID: Int, _ box: SecretBox) throws -> [any SQLExpression] {
        let created: EpochMillis = 1_700_000_000_000 + Int64(taskID) * 1_000
        var job = JobRun(
            name: "build", type: .freestyle,
            spec: .object([
                "steps": .array([
                    .object(["name": .string("sh"), "type": .string("shell"), "spec": .object(["script": .string("make build && make test")])])
                ])
            ]),
            errorPolicy: ErrorPolicy())
        job.status = .passed
        job.startedAt = created + 100
        job.endedAt = created + 900
        var stage = StageRun(name: "build", parallel: false, jobs: [job])
        stage.status = .passed
        stage.startedAt = job.startedAt
        stage.endedAt = job.endedAt
        var task = WorkflowTask(workflow: workflow, taskID: taskID, creator: "bench", params: [], stages: [stage], now: created)
        task.status = .passed
        task.startedAt = job.startedAt
        task.endedAt = job.endedAt
        let state = try box.seal(String(decoding: try JSONEncoder().encode(task), as: UTF8.self))
        return [
            SQLBind(task.workflowKey), SQLBind(taskID), SQLBind(task.projectKey), SQLBind(task.status.rawValue), SQLBind(task.creator),
            SQLBind(task.createdAt), SQLBind(task.startedAt), SQLBind(task.endedAt), SQLBind(state), SQLBind(task.endedAt),
            SQLBind(task.workflowName),
        ]
    }
}

/// The base commit's task list, for the "before" figures: COUNT(*) for the total, OFFSET for the
/// page, and every row's sealed state opened and decoded.
enum LegacyList {
    static func count(_ store: Store, workflowKey: String) async throws -> Int {
        try await store.sql.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM tasks WHERE workflow_key = \(bind: workflowKey)")
                .first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    static func page(_ store: Store, workflowKey: String, page: Int, pageSize: Int) async throws -> Page<WorkflowTask> {
        let total = try await count(store, workflowKey: workflowKey)
        let states = try await store.sql.read { db in
            try await db.select().column("*").from("tasks").where("workflow_key", .equal, workflowKey)
                .orderBy("task_id", .descending).limit(pageSize).offset((page - 1) * pageSize)
                .all(decodingColumn: "state", as: String.self)
        }
        let tasks = try states.map { try JSONDecoder().decode(WorkflowTask.self, from: Data(store.secrets.open($0).utf8)) }
        return Page(items: tasks, total: total)
    }
}
