import Foundation
import SlipwayCore
import Testing

/// Issue 12, point 4: task and job state changes as server-sent events, per workflow and per
/// project, with `Last-Event-ID` resume, read by a real HTTP client over loopback.
@Suite struct TaskEventStreamTests {
    static func stream(_ workflow: String) -> String { "/openapi/workflows/custom/\(workflow)/tasks/events" }

    /// The events of task `id` as `task 3 running` / `job s/j passed` lines.
    static func lines(_ client: EventStreamClient, task id: Int) -> [String] {
        client.changes.filter { $0["task_id"].int == id }.map(\.eventLine)
    }

    static func ended(_ client: EventStreamClient, task id: Int, workflow: String? = nil) -> Bool {
        client.changes.contains {
            $0["task_id"].int == id && $0["job"].string == nil && Harness.finished($0["status"].string)
                && (workflow == nil || $0["workflow_key"].string == workflow)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aRunsEventsArriveInOrder(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try await app.makeWorkflow(
                "steps",
                stages: [
                    Harness.stage("build", jobs: [Harness.shellJob("compile", "echo compiled")]),
                    Harness.stage("check", jobs: [Harness.shellJob("lint", "true")]),
                ])
            let client = try await EventStreamClient.open(app, Self.stream("steps"), token: app.adminToken)
            #expect(client.status == 200)
            try await client.waitSubscribed()
            let id = try await app.run("steps")
            try await client.waitUntil { _ in Self.ended(client, task: id) }
            #expect(
                Self.lines(client, task: id) == [
                    "task \(id) created", "task \(id) running", "job build/compile running", "job build/compile passed",
                    "job check/lint running", "job check/lint passed", "task \(id) passed",
                ])
            let changes = client.events.filter { $0.event == "task" || $0.event == "job" }
            let ids = changes.compactMap { $0.id.flatMap(Int.init) }
            #expect(ids.count == changes.count && ids == ids.sorted() && Set(ids).count == ids.count, "ids increase: \(ids)")
            let first = try #require(client.changes.first)
            #expect(first["workflow_key"].string == "steps" && first["project_key"].string == "demo")
            #expect(abs((first["time"].int ?? 0) - Int(Date().timeIntervalSince1970)) < 120, "time is in seconds")
            #expect(first.keys == ["workflow_key", "project_key", "task_id", "status", "time"], "small: \(first.keys)")
            client.close()
        }
    }

    /// A task submitted while every slot is taken is stored with its reason: the task detail
    /// shows it as soon as the run call returns, and the stream says it waits, then runs.
    @Test(arguments: StoreKind.enabled)
    func aTaskQueuedBehindTheGlobalLimitIsStoredWithItsReason(kind: StoreKind) async throws {
        try await withApp(kind, live: true, maxRunningTasks: 1) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "busy", stages: [Harness.stage("s", jobs: [Harness.shellJob("hold", "while [ ! -f \(dir)/go ]; do sleep 0.02; done")])])
            let client = try await EventStreamClient.open(app, Self.stream("busy"), token: app.adminToken)
            try await client.waitSubscribed()
            let first = try await app.run("busy")
            try await client.waitUntil { _ in Self.lines(client, task: first).contains("job s/hold running") }
            let second = try await app.run("busy")
            let stored = try #require(try await app.store.tasks.get(workflowKey: "busy", taskID: second))
            #expect(stored.pendingReason == "global limit of 1 running tasks reached")
            #expect(stored.status == .waiting)
            try await client.waitUntil { _ in Self.lines(client, task: second).count >= 2 }
            app.touch("go")
            try await client.waitUntil { _ in Self.ended(client, task: second) }
            #expect(
                Self.lines(client, task: second) == [
                    "task \(second) created", "task \(second) waiting (global limit of 1 running tasks reached)", "task \(second) running",
                    "job s/hold running", "job s/hold passed", "task \(second) passed",
                ])
            let done = try #require(try await app.store.tasks.get(workflowKey: "busy", taskID: second))
            #expect(done.pendingReason == "" && done.status == .passed)
            client.close()
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aWaitingTaskSaysWhy(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "single", limit: 1, stages: [Harness.stage("s", jobs: [Harness.shellJob("hold", "while [ ! -f \(dir)/go ]; do sleep 0.02; done")])])
            let client = try await EventStreamClient.open(app, Self.stream("single"), token: app.adminToken)
            try await client.waitSubscribed()
            let first = try await app.run("single")
            try await client.waitUntil { _ in Self.lines(client, task: first).contains("job s/hold running") }
            let second = try await app.run("single")
            try await client.waitUntil { _ in Self.lines(client, task: second).count >= 2 }
            app.touch("go")
            try await client.waitUntil { _ in Self.ended(client, task: second) }
            #expect(
                Self.lines(client, task: second) == [
                    "task \(second) created", "task \(second) waiting (concurrency_limit 1 reached by task \(first))", "task \(second) running",
                    "job s/hold running", "job s/hold passed", "task \(second) passed",
                ])
            #expect(!Self.lines(client, task: first).contains { $0.contains("waiting") }, "a task that starts at once never waits")
            client.close()
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aWaitingTaskThatIsCancelledEndsOnTheStream(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "queued", limit: 1, stages: [Harness.stage("s", jobs: [Harness.shellJob("hold", "while [ ! -f \(dir)/go ]; do sleep 0.02; done")])])
            let client = try await EventStreamClient.open(app, Self.stream("queued"), token: app.adminToken)
            try await client.waitSubscribed()
            let first = try await app.run("queued")
            try await client.waitUntil { _ in Self.lines(client, task: first).contains("job s/hold running") }
            let second = try await app.run("queued")
            try await client.waitUntil { _ in Self.lines(client, task: second).count >= 2 }
            try await app.engine.cancel(workflowKey: "queued", taskID: second, by: "admin")
            try await client.waitUntil { _ in Self.ended(client, task: second) }
            #expect(
                Self.lines(client, task: second) == [
                    "task \(second) created", "task \(second) waiting (concurrency_limit 1 reached by task \(first))", "task \(second) cancelled",
                ])
            app.touch("go")
            try await client.waitUntil { _ in Self.ended(client, task: first) }
            client.close()
        }
    }

    @Test(arguments: StoreKind.enabled)
    func theProjectStreamSeesEveryWorkflowOfTheProject(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try await app.makeWorkflow("alpha", stages: [Harness.stage("s", jobs: [Harness.shellJob("a", "true")])])
            try await app.makeWorkflow("beta", stages: [Harness.stage("s", jobs: [Harness.shellJob("b", "exit 4")])])
            try await app.makeWorkflow("elsewhere", project: "other", stages: [Harness.stage("s", jobs: [Harness.shellJob("c", "true")])])
            let client = try await EventStreamClient.open(app, "/openapi/projects/demo/tasks/events", token: app.adminToken)
            #expect(client.status == 200)
            try await client.waitSubscribed()
            let other = try await app.run("elsewhere", project: "other")
            try await app.waitFor("elsewhere", other)
            let a = try await app.run("alpha")
            let b = try await app.run("beta")
            try await client.waitUntil { _ in Self.ended(client, task: a, workflow: "alpha") && Self.ended(client, task: b, workflow: "beta") }
            let ends = client.changes.filter { $0["job"].string == nil && Harness.finished($0["status"].string) }
            #expect(Set(ends.map { "\($0["workflow_key"].string ?? "") \($0["status"].string ?? "")" }) == ["alpha passed", "beta failed"])
            #expect(!client.changes.contains { $0["workflow_key"].string == "elsewhere" }, "another project's tasks are not sent")
            client.close()
        }
    }

    @Test(arguments: StoreKind.enabled)
    func resumingGetsExactlyTheMissedEvents(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try await app.makeWorkflow("again", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            let watcher = try await EventStreamClient.open(app, Self.stream("again"), token: app.adminToken)
            let leaver = try await EventStreamClient.open(app, Self.stream("again"), token: app.adminToken)
            try await watcher.waitSubscribed()
            try await leaver.waitSubscribed()
            let first = try await app.run("again")
            try await leaver.waitUntil { _ in Self.ended(leaver, task: first) }
            let lastSeen = try #require(leaver.events.last { $0.id != nil && $0.event != "subscribed" }?.id)
            leaver.close()

            // Missed while away: a whole run.
            let second = try await app.run("again")
            try await watcher.waitUntil { _ in Self.ended(watcher, task: second) }
            let resumed = try await EventStreamClient.open(app, Self.stream("again"), token: app.adminToken, lastEventID: lastSeen)
            try await resumed.waitUntil { _ in Self.ended(resumed, task: second) }
            let missed = watcher.events.filter { ($0.id.flatMap(Int.init) ?? 0) > Int(lastSeen)! }
            #expect(!missed.isEmpty)
            #expect(resumed.events.filter { $0.id != nil && $0.event != "subscribed" } == missed, "exactly the missed events, in order")
            #expect(!resumed.events.contains { $0.event == "resync" })

            // Live again after the replay.
            let third = try await app.run("again")
            try await resumed.waitUntil { _ in Self.ended(resumed, task: third) }
            #expect(Self.lines(resumed, task: third).first == "task \(third) created")
            for client in [watcher, resumed] { client.close() }
        }
    }

    /// The project stream resumes like the workflow one: the missed changes of every workflow of
    /// the project, in order, and none of another project's (numbered in between).
    @Test(arguments: StoreKind.enabled)
    func resumingTheProjectStreamGetsExactlyTheMissedEvents(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try await app.makeWorkflow("north", stages: [Harness.stage("s", jobs: [Harness.shellJob("n", "true")])])
            try await app.makeWorkflow("south", stages: [Harness.stage("s", jobs: [Harness.shellJob("m", "exit 2")])])
            try await app.makeWorkflow("abroad", project: "other", stages: [Harness.stage("s", jobs: [Harness.shellJob("o", "true")])])
            let path = "/openapi/projects/demo/tasks/events"
            let watcher = try await EventStreamClient.open(app, path, token: app.adminToken)
            let leaver = try await EventStreamClient.open(app, path, token: app.adminToken)
            let outsider = try await EventStreamClient.open(app, "/openapi/projects/other/tasks/events", token: app.adminToken)
            for client in [watcher, leaver, outsider] { try await client.waitSubscribed() }
            let first = try await app.run("north")
            try await leaver.waitUntil { _ in Self.ended(leaver, task: first, workflow: "north") }
            let lastSeen = try #require(leaver.events.last { $0.id != nil && $0.event != "subscribed" }?.id.flatMap(Int.init))
            leaver.close()

            // Missed while away: a run of each workflow of the project, and one of another project.
            let north = try await app.run("north")
            let abroad = try await app.run("abroad", project: "other")
            let south = try await app.run("south")
            try await watcher.waitUntil { _ in Self.ended(watcher, task: north, workflow: "north") && Self.ended(watcher, task: south, workflow: "south") }
            try await outsider.waitUntil { _ in Self.ended(outsider, task: abroad, workflow: "abroad") }
            let resumed = try await EventStreamClient.open(app, path, token: app.adminToken, lastEventID: String(lastSeen))
            try await resumed.waitUntil { _ in
                Self.ended(resumed, task: north, workflow: "north") && Self.ended(resumed, task: south, workflow: "south")
            }
            let missed = watcher.events.filter { ($0.id.flatMap(Int.init) ?? 0) > lastSeen }
            #expect(resumed.events.filter { $0.id != nil && $0.event != "subscribed" } == missed, "exactly the missed events, in order")
            #expect(Set(resumed.changes.compactMap { $0["workflow_key"].string }) == ["north", "south"])
            #expect(Self.lines(resumed, task: south).last == "task \(south) failed")
            #expect(!resumed.events.contains { $0.event == "resync" })
            let foreign = outsider.events.compactMap { $0.id.flatMap(Int.init) }
            #expect(foreign.contains { $0 > lastSeen && $0 < (missed.last?.id.flatMap(Int.init) ?? 0) }, "another project's changes fall in the gap")

            // Live again after the replay.
            let again = try await app.run("south")
            try await resumed.waitUntil { _ in Self.ended(resumed, task: again, workflow: "south") }
            #expect(resumed.changes.filter { $0["task_id"].int == again && $0["workflow_key"].string == "south" }.first?.eventLine == "task \(again) created")
            for client in [watcher, outsider, resumed] { client.close() }
        }
    }

    /// `subscribed` carries where the stream starts: a client that loses it before any change
    /// resumes from that id and gets every change since, its task's `created` included.
    @Test(arguments: StoreKind.enabled)
    func resumingFromTheSubscriptionsIdMissesNothing(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try await app.makeWorkflow("early", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            let watcher = try await EventStreamClient.open(app, Self.stream("early"), token: app.adminToken)
            let leaver = try await EventStreamClient.open(app, Self.stream("early"), token: app.adminToken)
            try await watcher.waitSubscribed()
            try await leaver.waitSubscribed()
            let start = try #require(leaver.events.first { $0.event == "subscribed" }?.id, "subscribed carries an id")
            #expect(start == String(app.taskEvents.lastID), "the last change so far")
            leaver.close()

            let id = try await app.run("early")
            try await watcher.waitUntil { _ in Self.ended(watcher, task: id) }
            let resumed = try await EventStreamClient.open(app, Self.stream("early"), token: app.adminToken, lastEventID: start)
            try await resumed.waitUntil { _ in Self.ended(resumed, task: id) }
            #expect(resumed.events.first { $0.event == "subscribed" }?.id == start, "a resumed stream starts where it was asked to")
            let changes = { (client: EventStreamClient) in client.events.filter { $0.id != nil && $0.event != "subscribed" } }
            #expect(changes(resumed) == changes(watcher), "every change since the subscription, in order")
            #expect(Self.lines(resumed, task: id).first == "task \(id) created")
            #expect(!resumed.events.contains { $0.event == "resync" })
            for client in [watcher, resumed] { client.close() }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func resumingFromTooOldAnIdGetsAResync(kind: StoreKind) async throws {
        try await withApp(kind, live: true, feed: .init(capacity: 4)) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "slow", stages: [Harness.stage("s", jobs: [Harness.shellJob("hold", "while [ ! -f \(dir)/go ]; do sleep 0.02; done")])])
            try await app.makeWorkflow("quick", stages: [Harness.stage("s", jobs: [Harness.shellJob("q", "true")])])
            let watcher = try await EventStreamClient.open(app, "/openapi/projects/demo/tasks/events", token: app.adminToken)
            try await watcher.waitSubscribed()
            let held = try await app.run("slow")
            try await watcher.waitUntil { _ in Self.lines(watcher, task: held).contains("job s/hold running") }
            let oldest = try #require(watcher.events.first { $0.id != nil && $0.event != "subscribed" }?.id)
            // More changes than the feed keeps.
            try await app.waitFor("quick", try await app.run("quick"))
            try await watcher.waitUntil { _ in Self.ended(watcher, task: 1, workflow: "quick") }

            for lastID in [oldest, "1"] {
                let resumed = try await EventStreamClient.open(app, "/openapi/projects/demo/tasks/events", token: app.adminToken, lastEventID: lastID)
                let events = try await resumed.waitUntil { $0.contains { $0.event == "resync" } }
                let resync = try #require(events.first { $0.event == "resync" })
                #expect(resync.id == String(app.taskEvents.lastID), "the resync covers every change so far")
                let tasks = JSON(resync.data)["tasks"].array
                #expect(tasks.count == 1, "the unfinished tasks of the scope: \(resync.data)")
                #expect(tasks.first?["workflow_key"].string == "slow" && tasks.first?["task_id"].int == held)
                #expect(tasks.first?["status"].string == "running")
                #expect(tasks.first?["jobs"][0]["job"].string == "hold" && tasks.first?["jobs"][0]["status"].string == "running")
                resumed.close()
            }
            // After a resync the stream goes on live.
            let resumed = try await EventStreamClient.open(app, Self.stream("slow"), token: app.adminToken, lastEventID: oldest)
            try await resumed.waitUntil { $0.contains { $0.event == "resync" } }
            app.touch("go")
            try await resumed.waitUntil { _ in Self.ended(resumed, task: held) }
            for client in [watcher, resumed] { client.close() }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aFollowerIsRemovedWhenTheClientGoesAway(kind: StoreKind) async throws {
        try await withApp(kind, live: true, feed: .init(heartbeat: .milliseconds(100))) { app in
            try await app.makeWorkflow("idle", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "true")])])
            let client = try await EventStreamClient.open(app, Self.stream("idle"), token: app.adminToken)
            try await client.waitSubscribed()
            #expect(app.taskEvents.followerCount == 1)
            client.close()
            let deadline = Date().addingTimeInterval(20)
            while app.taskEvents.followerCount > 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(app.taskEvents.followerCount == 0, "the follower goes with its client")
        }
    }
}
