import Foundation
import SQLKit
import SlipwayCore
import SlipwayEngine
import SlipwayStore
import Testing

/// Issue 12 point 3, through the engine: a running task's job changes leave its document as it
/// was, the journal writes what queued during a write in one transaction, and a restarted engine
/// finds an interrupted job in its row.
@Suite struct TaskJournalTests {
    static func state(_ store: Store, _ key: String) async throws -> String {
        try await store.sql.read { db in
            try #require(try await db.select().column("state").from("tasks").where("workflow_key", .equal, key).first(decodingColumn: "state", as: String.self))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aRunningTasksJobChangesLeaveItsDocument(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "steps",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Harness.shellJob("one", "touch \(dir)/started-1; while [ ! -f \(dir)/go-1 ]; do sleep 0.02; done; echo 7 > $SLIPWAY_OUTPUTS_DIR/N"),
                            Harness.shellJob("two", "touch \(dir)/started-2; while [ ! -f \(dir)/go-2 ]; do sleep 0.02; done"),
                        ])
                ])
            let id = try await app.run("steps")
            _ = try await app.waitFor("steps", id) { $0["stages"][0]["jobs"][0]["status"].string == "running" }
            _ = try await app.waitForFile("started-1")
            let whileFirstRuns = try await Self.state(app.store, "steps")
            app.touch("go-1")
            _ = try await app.waitForFile("started-2")
            let secondRunning = try await app.waitFor("steps", id) { $0["stages"][0]["jobs"][1]["status"].string == "running" }
            #expect(secondRunning["stages"][0]["jobs"][0]["status"].string == "passed")
            #expect(try await Self.state(app.store, "steps") == whileFirstRuns, "a job change rewrote the task's document")
            let task = try #require(try await app.store.tasks.get(workflowKey: "steps", taskID: id))
            #expect(task.stages[0].jobs[0].outputs == ["N": "7"])
            #expect(task.context["job.one.output.N"] == "7")
            app.touch("go-2")
            #expect(try await app.waitFor("steps", id)["status"].string == "passed")
            #expect(try await Self.state(app.store, "steps") == whileFirstRuns, "the task's end is in its columns, not its document")
            let ended = try #require(try await app.store.tasks.get(workflowKey: "steps", taskID: id))
            #expect(ended.status == .passed && ended.endedAt > 0)
        }
    }

    /// `count` stored tasks of workflow `flow` (project `demo`), each of one stage with one job `j`.
    static func tasks(_ count: Int, in store: Store) async throws -> [WorkflowTask] {
        let admin = User(uid: "admin", account: "admin", name: "Admin", isAdmin: true)
        try await store.users.create(admin)
        try await store.projects.create(Project(key: "demo", name: "Demo", createdBy: "admin"), creatorUID: admin.uid)
        let workflow = Workflow(key: "flow", displayName: "Flow", projectKey: "demo", createdBy: "admin")
        try await store.workflows.create(workflow)
        var tasks: [WorkflowTask] = []
        for _ in 0..<count {
            let job = JobRun(name: "j", type: .freestyle, spec: .object([:]), errorPolicy: ErrorPolicy())
            tasks.append(
                try await store.tasks.create(
                    WorkflowTask(workflow: workflow, taskID: 0, creator: "admin", params: [], stages: [StageRun(name: "s", parallel: false, jobs: [job])])))
        }
        return tasks
    }

    @Test(arguments: StoreKind.enabled)
    func snapshotsQueuedDuringAWriteGoInOneTransaction(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let tasks = try await Self.tasks(3, in: store)
            let journal = TaskJournal(store: store)
            for task in tasks { await journal.begin(task) }

            // Another transaction holds task 1's row (and, on SQLite, the one writer) until released.
            let (locked, lockedNow) = AsyncStream<Void>.makeStream()
            let (release, releaseNow) = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await store.sql.write { db in
                    try await db.update("tasks").set("updated_at", to: 1).where("workflow_key", .equal, "flow").where("task_id", .equal, 1).run()
                    lockedNow.yield()
                    for await _ in release { break }
                }
            }
            for await _ in locked { break }

            var first = tasks[0]
            first.status = .running
            let firstWrite = Task { await journal.record(first) }
            while await journal.transactions < 1 { try await Task.sleep(for: .milliseconds(5)) }
            var changed: [WorkflowTask] = []
            for var task in tasks {
                task.status = task.taskID == 1 ? .running : task.status
                task.stages[0].jobs[0].status = .running
                task.stages[0].jobs[0].startedAt = 100 + Int64(task.taskID)
                changed.append(task)
            }
            let queued = changed.map { task in Task { await journal.record(task) } }
            while await journal.pendingTasks < 3 { try await Task.sleep(for: .milliseconds(5)) }
            releaseNow.yield()
            try await holder.value
            await firstWrite.value
            for write in queued { await write.value }

            #expect(await journal.recorded == 4)
            #expect(await journal.transactions == 2, "the three snapshots queued behind the first write went in one transaction")
            for task in changed { #expect(try await store.tasks.get(workflowKey: "flow", taskID: task.taskID) == task) }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aRestartedEngineFailsTheJobItsRowShowsRunning(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "long", stages: [Harness.stage("s", jobs: [Harness.shellJob("work", "touch \(dir)/started; sleep 300")])])
            let id = try await app.run("long")
            _ = try await app.waitForFile("started")
            _ = try await app.waitFor("long", id) { $0["stages"][0]["jobs"][0]["status"].string == "running" }
            await app.engine.shutdown()
            #expect(try await app.store.tasks.get(workflowKey: "long", taskID: id)?.stages[0].jobs[0].status == .running)

            let data = app.scratch.deletingLastPathComponent().appendingPathComponent("restart")
            let restarted = Engine(store: app.store, configuration: EngineConfiguration(dataDirectory: data))
            try await restarted.start()
            await restarted.waitUntilIdle()
            let task = try #require(try await app.store.tasks.get(workflowKey: "long", taskID: id))
            #expect(task.status == .failed)
            #expect(task.stages[0].jobs[0].error == "interrupted: the server stopped while this job was running")
            await restarted.shutdown()
        }
    }
}
