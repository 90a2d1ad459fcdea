import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayEngine
import SlipwayStore
import Testing

/// Issue 12 point 3: a running task's stage and job changes are rows of `task_progress` (and its
/// context a column), not a rewrite of the task's sealed document; `get` assembles the same task.
@Suite struct TaskProgressStoreTests {
    static let outputSecret = "progress-output-secret-7"

    /// A project, a workflow, and a created task of two stages: two parallel jobs, then an
    /// approval stage with one job under `manual_check`.
    static func createdTask(_ store: Store) async throws -> WorkflowTask {
        let admin = User(uid: "admin", account: "admin", name: "Admin", isAdmin: true)
        try await store.users.create(admin)
        try await store.projects.create(Project(key: "demo", name: "Demo", createdBy: "admin"), creatorUID: admin.uid)
        let workflow = Workflow(key: "flow", displayName: "Flow", projectKey: "demo", createdBy: "admin")
        try await store.workflows.create(workflow)
        let job = { (name: String) in
            JobRun(name: name, type: .freestyle, spec: .object(["script": .string("echo \(name)")]), errorPolicy: ErrorPolicy())
        }
        var task = WorkflowTask(
            workflow: workflow, taskID: 0, creator: "admin", params: [],
            stages: [
                StageRun(name: "build", parallel: true, jobs: [job("a"), job("b")]),
                StageRun(
                    name: "ship", parallel: false, approval: ApprovalRun(spec: ApprovalSpec(approveUsers: [.init(userName: "admin")])),
                    jobs: [job("c")]),
            ])
        task.status = .waiting
        task.secrets = ["task-secret"]
        return try await store.tasks.create(task)
    }

    /// The task's document column and its `updated_at`, as stored.
    static func document(_ store: Store) async throws -> (state: String, updatedAt: Int64) {
        try await store.sql.read { db in
            let row = try #require(
                try await db.select().columns("state", "updated_at").from("tasks").where("workflow_key", .equal, "flow").first())
            return (try row.decode(column: "state", as: String.self), try row.decode(column: "updated_at", as: Int64.self))
        }
    }

    /// `stage/job → status` of every `task_progress` row (`job` -1: the stage).
    static func progress(_ store: Store) async throws -> [String: String] {
        try await store.sql.read { db in
            var statuses: [String: String] = [:]
            for row in try await db.select().columns("stage_index", "job_index", "status").from("task_progress").all() {
                let key = "\(try row.decode(column: "stage_index", as: Int.self))/\(try row.decode(column: "job_index", as: Int.self))"
                statuses[key] = try row.decode(column: "status", as: String.self)
            }
            return statuses
        }
    }

    @Test(arguments: StoreKind.enabled)
    func jobChangesWriteRowsAndLeaveTheDocument(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let created = try await Self.createdTask(store)
            #expect(try await Self.progress(store) == ["0/-1": "", "0/0": "", "0/1": "", "1/-1": "", "1/0": ""])
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: created.taskID) == created)

            var running = created
            running.status = .running
            running.startedAt = 1000
            running.stages[0].status = .running
            running.stages[0].startedAt = 1001
            try await store.tasks.save(running, over: created)
            let started = try await Self.document(store)

            // Job changes, a stage ending, outputs and context: rows and the context column only.
            var next = running
            next.stages[0].jobs[0].status = .passed
            next.stages[0].jobs[0].endedAt = 1200
            next.stages[0].jobs[0].outputs = ["TOKEN": Self.outputSecret]
            next.context["job.a.output.TOKEN"] = Self.outputSecret
            next.context["job.a.status"] = "passed"
            next.stages[0].jobs[1].status = .running
            next.stages[0].jobs[1].processGroup = 4242
            next.stages[0].jobs[1].retryCount = 2
            try await store.tasks.save(next, over: running)
            next.stages[0].jobs[1].status = .failed
            next.stages[0].jobs[1].error = "exit 3"
            next.stages[0].jobs[1].processGroup = nil
            next.stages[0].status = .failed
            next.stages[0].endedAt = 1300
            try await store.tasks.save(next, over: try await store.tasks.get(workflowKey: "flow", taskID: created.taskID))

            let after = try await Self.document(store)
            #expect(after.state == started.state, "a job change rewrote the task's document")
            #expect(after.updatedAt == started.updatedAt)
            #expect(try await Self.progress(store) == ["0/-1": "failed", "0/0": "passed", "0/1": "failed", "1/-1": "", "1/0": ""])
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: created.taskID) == next)
            let stored = try await StoredText.everything(store.sql)
            #expect(StoredText.leaked([Self.outputSecret], in: stored) == [], "job outputs and context are sealed")

            // The task's own status and times are columns: the document stays as it is.
            next.status = .failed
            next.endedAt = 1400
            try await store.tasks.save(next, over: try await store.tasks.get(workflowKey: "flow", taskID: created.taskID))
            let ended = try await Self.document(store)
            #expect(ended.state == started.state, "a status change rewrote the task's document")
            let columns = try await store.sql.read { db in
                try #require(try await db.select().columns("status", "ended_at").from("tasks").where("workflow_key", .equal, "flow").first())
            }
            #expect(try columns.decode(column: "status", as: String.self) == "failed")
            #expect(try columns.decode(column: "ended_at", as: Int64.self) == 1400)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: created.taskID) == next)

            // A change of what the document holds (the task's error) rewrites it.
            next.error = "stage s failed"
            try await store.tasks.save(next, over: try await store.tasks.get(workflowKey: "flow", taskID: created.taskID))
            #expect(try await Self.document(store).state != started.state)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: created.taskID) == next)
            #expect(try await store.tasks.unfinished() == [])
        }
    }

    /// More stage and job rows than one statement may bind (PostgreSQL caps a statement at 65,535
    /// values; each row binds 12): created, changed and read back whole.
    @Test(arguments: StoreKind.enabled)
    func aTaskWithThousandsOfJobsIsStoredWhole(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            var created = try await Self.createdTask(store)
            let jobs = (0..<6000).map {
                JobRun(name: "j\($0)", type: .freestyle, spec: .object(["script": .string("true")]), errorPolicy: ErrorPolicy())
            }
            created.stages = [StageRun(name: "wide", parallel: true, jobs: jobs)]
            let wide = try await store.tasks.create(created)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: wide.taskID) == wide)
            var done = wide
            for j in done.stages[0].jobs.indices { done.stages[0].jobs[j].status = .passed }
            try await store.tasks.save(done, over: nil)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: wide.taskID) == done)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func everyRunFieldRoundTrips(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let created = try await Self.createdTask(store)
            let updated = try await store.tasks.update(workflowKey: "flow", taskID: created.taskID) { task in
                task.status = .waitForApproval
                task.pendingReason = ""
                task.stages[1].status = .running
                _ = try task.stages[1].approval!.decide(user: "admin", approve: true, comment: "ok", at: 5)
                task.stages[1].jobs[0].status = .waitForManualErrorHandling
                task.stages[1].jobs[0].errorHandler = "admin:ignore"
                task.stages[1].jobs[0].approval = ApprovalRun(spec: ApprovalSpec(approveUsers: [.init(userName: "ops")], neededApprovers: 1))
                task.stages[1].jobs[0].startedAt = 77
                task.stages[1].jobs[0].outputs = ["A": "1", "B": "2"]
                task.secrets.append("second-secret")
                task.context = ["job.c.status": "failed"]
            }
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: created.taskID) == updated)
            #expect(try await store.tasks.unfinished() == [updated])
            #expect(try await store.tasks.unfinished(projectKey: "demo") == [updated])
            #expect(try await store.tasks.unfinished(projectKey: nil, workflowKeys: ["flow"]) == [updated])

            // The rows follow their task: deleting the workflow's tasks deletes them.
            try await store.sql.write { db in try await db.delete(from: "tasks").where("workflow_key", .equal, "flow").run() }
            #expect(try await Self.progress(store) == [:])
        }
    }

    /// The journal's writes: several tasks in one batch, each row known. On PostgreSQL that is
    /// one statement of fixed text with a column array each (`TaskRepository.fixedBatch`): each
    /// task keeps what its own write did not change, and NULL-able fields go to and from NULL.
    @Test(arguments: StoreKind.enabled)
    func aBatchOfKnownRowsWritesEachTasksOwnChanges(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let created = try await Self.createdTask(store)
            var template = created
            template.taskID = 0
            let second = try await store.tasks.insert(template)
            let third = try await store.tasks.insert(template)
            let firstRow = try await store.sql.read { db in
                try #require(
                    try await db.select().column("id").from("tasks").where("workflow_key", .equal, "flow").where("task_id", .equal, created.taskID)
                        .first(decodingColumn: "id", as: Int64.self))
            }

            // Columns and a job's process group; the context only; the document only (a secret) and a stage.
            var a = created
            a.status = .running
            a.startedAt = 10
            a.stages[0].status = .running
            a.stages[0].jobs[0].status = .running
            a.stages[0].jobs[0].processGroup = 4242
            var b = second.task
            b.context = ["job.a.output.X": "1"]
            var c = third.task
            c.secrets.append("third-secret")
            c.stages[1].status = .waitForApproval
            c.stages[1].jobs[0].errorHandler = "admin:ignore"
            try await store.tasks.save([
                TaskWrite(a, over: created, row: firstRow), TaskWrite(b, over: second.task, row: second.row),
                TaskWrite(c, over: third.task, row: third.row),
            ])
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: a.taskID) == a)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: b.taskID) == b)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: c.taskID) == c)

            // Back to NULL, and a job's end with outputs, in a second batch over the first.
            var a2 = a
            a2.stages[0].jobs[0].processGroup = nil
            a2.stages[0].jobs[0].status = .passed
            a2.stages[0].jobs[0].endedAt = 20
            a2.stages[0].jobs[0].outputs = ["TOKEN": Self.outputSecret]
            var c2 = c
            c2.stages[1].jobs[0].errorHandler = nil
            c2.pendingReason = "waiting for a slot"
            try await store.tasks.save([TaskWrite(a2, over: a, row: firstRow), TaskWrite(c2, over: c, row: third.row)])
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: a.taskID) == a2)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: b.taskID) == b)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: c.taskID) == c2)
            // Outputs stay sealed in their row.
            let stored = try await store.sql.read { db in
                try await db.select().column("outputs").from("task_progress").where("task_row", .equal, firstRow)
                    .all(decodingColumn: "outputs", as: String.self)
            }
            #expect(!stored.contains { $0.contains(Self.outputSecret) })

            // Progress rows only (a process group noted), and the columns only: no array of the
            // other kind has an element.
            var b2 = b
            b2.stages[0].jobs[1].processGroup = 77
            try await store.tasks.save([TaskWrite(b2, over: b, row: second.row)])
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: b.taskID) == b2)
            var b3 = b2
            b3.status = .cancelled
            b3.endedAt = 30
            try await store.tasks.save([TaskWrite(b3, over: b2, row: second.row)])
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: b.taskID) == b3)
            // Columns only, by a writer that does not know the row: found by workflow and number.
            var b4 = b3
            b4.pendingReason = "released"
            try await store.tasks.save([TaskWrite(b4, over: b3)])
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: b.taskID) == b4)
            #expect(try await store.tasks.get(workflowKey: "flow", taskID: a.taskID) == a2)
        }
    }

    /// A store with tasks written before migration 16 (the whole run state in the document):
    /// their stage and job state and context move into rows, and an interrupted job is still
    /// found and failed by a restarted engine.
    @Test(arguments: StoreKind.enabled)
    func migrationMovesExistingStateIntoRows(kind: StoreKind) async throws {
        try await withEmptyDatabase(kind) { database in
            let logger = Logger(label: "migration-16")
            let sql = try await database.openSQL(logger: logger)
            let box = try SecretBox(base64: SecretBox.generateKey())
            do {
                try await Migrator.migrate(sql, logger: logger, secrets: box, upTo: 14)
                let workflow = Workflow(key: "flow", displayName: "Flow", projectKey: "demo", createdBy: "admin")
                let job = { (name: String) in JobRun(name: name, type: .freestyle, spec: .object([:]), errorPolicy: ErrorPolicy()) }
                var legacy = WorkflowTask(
                    workflow: workflow, taskID: 1, creator: "admin", params: [],
                    stages: [
                        StageRun(name: "build", parallel: false, jobs: [job("a")]),
                        StageRun(name: "test", parallel: false, jobs: [job("b")]),
                    ])
                legacy.status = .running
                legacy.startedAt = 10
                legacy.stages[0].status = .passed
                legacy.stages[0].jobs[0].status = .passed
                legacy.stages[0].jobs[0].outputs = ["V": "1.2.3"]
                legacy.context = ["job.a.status": "passed", "job.a.output.V": "1.2.3"]
                legacy.stages[1].status = .running
                legacy.stages[1].jobs[0].status = .running
                legacy.stages[1].jobs[0].startedAt = 20
                legacy.stages[1].jobs[0].processGroup = 1
                let state = try box.seal(String(decoding: try JSONEncoder().encode(legacy), as: UTF8.self))
                try await sql.write { db in
                    try await db.raw(
                        """
                        INSERT INTO projects (project_key, name, description, is_public, project_type, created_by, created_at, updated_by, updated_at)
                        VALUES ('demo', 'Demo', '', 0, 'yaml', 'admin', 1, 'admin', 1)
                        """
                    ).run()
                    try await db.raw(
                        """
                        INSERT INTO workflows (workflow_key, project_key, display_name, description, concurrency_limit, disabled,
                          enable_approval_ticket, params, stages, notify_ctls, definition, created_by, created_at, updated_by, updated_at)
                        VALUES ('flow', 'demo', 'Flow', '', -1, 0, 0, '[]', '[]', '[]', '{}', 'admin', 1, 'admin', 1)
                        """
                    ).run()
                    try await db.raw(
                        """
                        INSERT INTO tasks (workflow_key, task_id, project_key, status, creator, created_at, started_at, ended_at, state, updated_at)
                        VALUES ('flow', 1, 'demo', 'running', 'admin', 1, 10, 0, \(bind: state), 1)
                        """
                    ).run()
                }
                try await Migrator.migrate(sql, logger: logger, secrets: box)
                let store = Store(sql: sql, secrets: box)
                #expect(try await store.tasks.get(workflowKey: "flow", taskID: 1) == legacy)
                #expect(try await Self.progress(store) == ["0/-1": "passed", "0/0": "passed", "1/-1": "running", "1/0": "running"])

                let data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-m16-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: data) }
                let engine = Engine(store: store, configuration: EngineConfiguration(dataDirectory: data))
                try await engine.start()
                await engine.waitUntilIdle()
                let recovered = try #require(try await store.tasks.get(workflowKey: "flow", taskID: 1))
                #expect(recovered.status == .failed)
                #expect(recovered.stages[1].jobs[0].error == "interrupted: the server stopped while this job was running")
                #expect(recovered.stages[1].jobs[0].processGroup == nil)
                #expect(recovered.stages[0].jobs[0].outputs == ["V": "1.2.3"], "what the legacy document held is kept")
                #expect(recovered.context["job.a.output.V"] == "1.2.3")
                await engine.shutdown()
            } catch {
                await sql.close()
                throw error
            }
            await sql.close()
        }
    }
}
