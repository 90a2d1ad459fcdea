import Foundation
import Testing

/// `slipway run --follow` resumes a broken task event stream (issue 12, point 4): the real binary
/// follows through a loopback TCP relay whose connection is cut mid-task, or across a restart of
/// the real server. Its output has every state once, in order, and it exits with the result.
@Suite(.serialized) struct FollowResumeTests {
    /// The state lines a follower printed (its log lines left out), in order.
    static func states(_ follower: ServerProcess) -> [String] {
        follower.text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("task ") || $0.hasPrefix("job ") }
    }

    /// The `Last-Event-ID` of each request for `path` (the task event stream unless told) the
    /// relay carried, in order.
    static func resumePoints(_ relay: TCPRelay, path: String = "/tasks/events") -> [String] {
        relay.requests.flatMap { sent in
            sent.components(separatedBy: "\r\n\r\n").filter { $0.contains(path) }.compactMap { request in
                request.split(separator: "\r\n").first { $0.lowercased().hasPrefix("last-event-id:") }
                    .map { $0.dropFirst("last-event-id:".count).trimmingCharacters(in: .whitespaces) }
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aStreamCutMidTaskIsResumedWithNothingMissedOrRepeated(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "relayed",
                stages: [
                    Harness.stage("one", jobs: [Harness.shellJob("hold", "echo before; while [ ! -f \(dir)/go ]; do sleep 0.05; done; echo after")]),
                    Harness.stage("two", jobs: [Harness.shellJob("last", "echo finishing")]),
                ])
            let watcher = try await EventStreamClient.open(app, "/openapi/workflows/custom/relayed/tasks/events", token: app.adminToken)
            try await watcher.waitSubscribed()
            let upstream = try #require(app.baseURL.flatMap { $0.split(separator: ":").last }.flatMap { Int($0) })
            let relay = try TCPRelay(upstream: upstream)
            defer { relay.stop() }
            let follower = try ServerProcess(
                ["run", "relayed", "--project", "demo", "--follow", "--url", "http://127.0.0.1:\(relay.port)", "--token", app.adminToken])
            _ = try await follower.waitFor("hold \\| before")
            // The last change before the cut: the job running (nothing follows until `go`).
            let running = try await watcher.waitUntil { $0.contains { $0.event == "job" && JSON($0.data)["status"].string == "running" } }
            let seen = try #require(running.first { $0.event == "job" && JSON($0.data)["status"].string == "running" }?.id)

            // Cut the event stream and the running job's log stream; the task goes on and ends while
            // the follower is away (it waits a second before it resumes).
            let log = "/logs/sse/v4/workflow/relayed/1/hold/"
            #expect(relay.cut { $0.contains("/tasks/events") || $0.contains(log) } == 2)
            app.touch("go")
            try await app.waitFor("relayed", 1)
            try #require(try await follower.waitForExit(seconds: 60), "\(follower.text)")
            try await Task.sleep(for: .milliseconds(100))
            #expect(follower.exitCode == 0, "\(follower.text)")
            #expect(
                Self.states(follower) == [
                    "task 1 created", "task 1 running", "job one/hold running", "job one/hold passed", "job two/last running",
                    "job two/last passed", "task 1 passed",
                ], "\(follower.text)")
            for line in ["hold | before", "hold | after", "last | finishing"] {
                #expect(follower.text.components(separatedBy: line).count == 2, "\(line) once in \(follower.text)")
            }
            #expect(Self.resumePoints(relay) == [seen], "resumed from the last change it printed")
            let logRequests = Self.resumePoints(relay, path: log)
            #expect(logRequests.count == 2 && logRequests.first == "0", "the log from its start, then resumed: \(logRequests)")
            #expect((logRequests.last.flatMap { Int($0) } ?? 0) > 0, "resumed after the last line printed: \(logRequests)")
            watcher.close()
        }
    }

    /// The id of the first `subscribed` event the relay carried.
    static func subscriptionID(_ relay: TCPRelay) -> String? {
        for reply in relay.replies {
            guard let range = reply.range(of: "\nevent:subscribed") else { continue }
            return reply[..<range.lowerBound].split(separator: "\n").last.flatMap { line in
                line.hasPrefix("id:") ? String(line.dropFirst(3)) : nil
            }
        }
        return nil
    }

    /// The stream stalls right after `subscribed` and breaks once the task has ended: the follower
    /// has seen no change, so it resumes from the subscription's id (resuming "from now" would
    /// wait for an end that already happened), and the server replays every change of the task.
    @Test(arguments: StoreKind.enabled)
    func aStreamLostBeforeAnyChangeResumesFromTheSubscription(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
            try await app.makeWorkflow("quick", stages: [Harness.stage("s", jobs: [Harness.shellJob("q", "echo quickly done")])])
            let upstream = try #require(app.baseURL.flatMap { $0.split(separator: ":").last }.flatMap { Int($0) })
            let relay = try TCPRelay(upstream: upstream) { sent, received in
                sent.contains("/tasks/events") && !sent.lowercased().contains("last-event-id") && received.contains("event:subscribed")
            }
            defer { relay.stop() }
            let follower = try ServerProcess(
                ["run", "quick", "--project", "demo", "--follow", "--url", "http://127.0.0.1:\(relay.port)", "--token", app.adminToken])
            let deadline = Date().addingTimeInterval(30)
            while try await app.store.tasks.get(workflowKey: "quick", taskID: 1) == nil && Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await app.waitFor("quick", 1)
            #expect(Self.states(follower).isEmpty, "nothing reached the follower: \(follower.text)")
            #expect(relay.cut { $0.contains("/tasks/events") } == 1)
            try #require(try await follower.waitForExit(seconds: 20), "the follower learns the task ended: \(follower.text)")
            try await Task.sleep(for: .milliseconds(100))
            #expect(follower.exitCode == 0, "\(follower.text)")
            let states = Self.states(follower)
            #expect(states.first == "task 1 created" && Array(states.suffix(2)) == ["job s/q passed", "task 1 passed"], "\(follower.text)")
            #expect(states.count == Set(states).count, "no state twice: \(states)")
            #expect(follower.text.contains("q | quickly done"), "\(follower.text)")
            let subscription = try #require(Self.subscriptionID(relay), "the subscription carries an id")
            #expect(Self.resumePoints(relay) == [subscription], "resumed from the subscription")
        }
    }

    /// A server that restarts mid-task numbers its changes afresh: the follower's resume point is
    /// from the old run, so it gets a resync, and prints only what changed since.
    @Test func aFollowerOutlivesAServerRestart() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-resume-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let token = "follow-resume-test-token-3"
        let server = try ServerProcess(["serve", "--port", "0", "--data-dir", dataDir], environment: ["SLIPWAY_ADMIN_TOKEN": token])
        let listening = try await server.waitFor("listening on http://127.0.0.1:[0-9]+")
        let port = try #require(Int(listening.split(separator: ":").last ?? ""))
        let base = "http://127.0.0.1:\(port)"
        defer { server.signal(SIGTERM) }
        let project = try await http(
            "POST", "\(base)/openapi/projects/project", token: token,
            body: #"{"project_name":"resume","project_key":"resume","is_public":false,"description":"d","project_type":"yaml"}"#)
        #expect(project.status == 200, "\(project.body)")
        let created = try await http(
            "POST", "\(base)/api/aslan/workflow/v4", token: token,
            body: """
                {"name":"gated","display_name":"gated","project":"resume","concurrency_limit":-1,"params":[],
                 "stages":[\(Harness.stage("ask", jobs: [WorkflowApprovalTests.approvalJob("gate", users: ["admin"])])),
                           \(Harness.stage("go", jobs: [Harness.shellJob("deploy", "echo deployed")]))]}
                """)
        #expect(created.status == 200, "\(created.body)")

        let relay = try TCPRelay(upstream: port)
        defer { relay.stop() }
        let follower = try ServerProcess(
            ["run", "gated", "--project", "resume", "--follow", "--url", "http://127.0.0.1:\(relay.port)", "--token", token])
        _ = try await follower.waitFor("job ask/gate wait_for_approval")
        let before = Self.states(follower)

        server.signal(SIGTERM)
        #expect(try await server.waitForExit(seconds: 15))
        let restarted = try ServerProcess(["serve", "--port", "\(port)", "--data-dir", dataDir], environment: ["SLIPWAY_ADMIN_TOKEN": token])
        defer { restarted.signal(SIGTERM) }
        _ = try await restarted.waitFor("listening on http://127.0.0.1:\(port)")
        // The follower is back on the stream (resumed from the old run's numbering) before the approval.
        let deadline = Date().addingTimeInterval(20)
        while Self.resumePoints(relay).isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        try #require(Self.resumePoints(relay).count >= 1, "the follower resumed: \(follower.text)")
        try await Task.sleep(for: .milliseconds(500))
        #expect(Self.states(follower) == before, "the resync repeats nothing already printed: \(follower.text)")

        let approve = try await http(
            "POST", "\(base)/openapi/workflows/custom/task/approve", token: token,
            body: #"{"task_id":1,"workflow_key":"gated","stage_name":"gate","approve":true,"comment":"go"}"#)
        #expect(approve.status == 200, "\(approve.body)")
        try #require(try await follower.waitForExit(seconds: 60), "\(follower.text)")
        try await Task.sleep(for: .milliseconds(100))
        #expect(follower.exitCode == 0, "\(follower.text)")
        let states = Self.states(follower)
        #expect(states.count == Set(states).count, "no state twice: \(states)")
        #expect(Array(states.suffix(4)) == ["job ask/gate passed", "job go/deploy running", "job go/deploy passed", "task 1 passed"], "\(states)")
        #expect(follower.text.contains("deploy | deployed"), "\(follower.text)")
    }
}
