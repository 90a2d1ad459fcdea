import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// One store (a fresh SQLite file, or a fresh database on the PostgreSQL server given, dropped
/// on close), an engine on it running jobs in the sandbox with 8 tasks at once, and a project `bench`
/// owned by an admin.
struct BenchEnvironment {
    let store: Store
    let engine: Engine
    let admin: User
    let root: URL
    let storeName: String
    let logger: Logger
    /// The PostgreSQL database made for this run (dropped on close), on `server`.
    let database: (server: String, name: String)?

    static func open(postgresURL: String?, executor: String = "sandbox", logger: Logger) async throws -> BenchEnvironment {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let suffix = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
        var databaseURL: String?
        var database: (server: String, name: String)?
        if let postgresURL {
            let name = "slipway_bench_\(suffix)"
            try await runOnServer(postgresURL, "CREATE DATABASE \(name)", logger: logger)
            databaseURL = try PostgresURL.parse(postgresURL).url(database: name)
            database = (postgresURL, name)
        }
        let store = try await StoreOpener.open(databaseURL: databaseURL, dataDirectory: root.path, logger: logger)
        let admin = User(uid: "bench", account: "bench", name: "Bench", isAdmin: true)
        try await store.users.create(admin)
        try await store.projects.create(Project(key: "bench", name: "Bench", createdBy: admin.uid), creatorUID: admin.uid)
        var configuration = EngineConfiguration(dataDirectory: root, maxRunningTasks: 8)
        configuration.executor = ExecutorKind(rawValue: executor) ?? .sandbox
        if executor == "bubblewrap" { configuration.sandbox.launcher = nil }
        let engine = Engine(store: store, configuration: configuration, logger: logger)
        try await engine.start()
        return BenchEnvironment(
            store: store, engine: engine, admin: admin, root: root, storeName: postgresURL == nil ? "sqlite (WAL)" : "postgresql",
            logger: logger, database: database)
    }

    /// One statement on the server's own database (creating and dropping the run's database).
    static func runOnServer(_ url: String, _ statement: String, logger: Logger) async throws {
        let server = try PostgresStore.connect(url: url, logger: logger, maximumConnections: 1)
        do {
            try await server.read { db in try await db.raw(SQLQueryString(statement)).run() }
        } catch {
            await server.close()
            throw error
        }
        await server.close()
    }

    /// Stop the engine and the store, then drop the run's database and remove the data directory,
    /// unless `removingFiles` is false: dropping a database removes its files too, which makes
    /// the next run's new files dearer on ext4 without a journal (the caller removes both later).
    func close(removingFiles: Bool = true) async {
        await engine.shutdown()
        await store.close()
        guard removingFiles else { return }
        if let database {
            try? await Self.runOnServer(database.server, "DROP DATABASE IF EXISTS \(database.name) WITH (FORCE)", logger: logger)
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// A freestyle job with one shell step.
    static func shellJob(_ name: String, _ script: String) -> JobDefinition {
        JobDefinition(
            name: name, type: .freestyle,
            spec: .object([
                "steps": .array([.object(["name": .string("sh"), "type": .string("shell"), "spec": .object(["script": .string(script)])])])
            ]))
    }

    /// Store a workflow of `stages` under `key` in the project and return it (the stored one when
    /// a section measured on this store before made it).
    func workflow(_ key: String, stages: [StageDefinition]) async throws -> Workflow {
        if let stored = try await store.workflows.get(key: key) { return stored }
        let w = Workflow(
            key: key, displayName: key, projectKey: "bench", concurrencyLimit: -1, stages: stages, createdBy: admin.uid)
        try await store.workflows.create(w)
        return w
    }

    /// One job that writes `$EPOCHREALTIME` to its output `T` as its first act.
    func echoWorkflow(_ key: String = "echo") async throws -> Workflow {
        try await workflow(
            key, stages: [StageDefinition(name: "s", parallel: false, jobs: [Self.shellJob("stamp", "echo $EPOCHREALTIME > $SLIPWAY_OUTPUTS_DIR/T")])])
    }

    /// Three stages, four parallel jobs in the middle, each an `echo`.
    func pipelineWorkflow() async throws -> Workflow {
        try await workflow(
            "pipeline",
            stages: [
                StageDefinition(name: "build", parallel: false, jobs: [Self.shellJob("build", "echo build")]),
                StageDefinition(name: "test", parallel: true, jobs: (1...4).map { Self.shellJob("test-\($0)", "echo test \($0)") }),
                StageDefinition(name: "deploy", parallel: false, jobs: [Self.shellJob("deploy", "echo deploy")]),
            ])
    }

    /// Submit `count` tasks of `workflow` and wait until every one has ended.
    func run(_ workflow: Workflow, count: Int) async throws {
        for _ in 0..<count { _ = try await engine.submit(workflow, RunRequest(creator: admin.uid)) }
        await engine.waitUntilIdle()
    }
}
