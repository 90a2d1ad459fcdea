import Foundation
import Testing

/// `slipway run <workflow> --follow` exits with the task's result (issue 12, point 4): the real
/// binary against the real app on a loopback socket, whose "minute" is short so that timeouts
/// take half a second. A task that times out exits 2, one cancelled while followed exits 3, one
/// whose approval is rejected exits 4; each prints its final state.
@Suite struct RunCommandOutcomeTests {
    /// Start `slipway run <workflow> --follow` against the app.
    static func follow(_ app: Harness, _ workflow: String) throws -> ServerProcess {
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
        let base = try #require(app.baseURL)
        return try ServerProcess(["run", workflow, "--project", "demo", "--follow", "--url", base, "--token", app.adminToken])
    }

    /// Wait for the follower to end; its exit code.
    static func exitCode(of follower: ServerProcess) async throws -> Int32 {
        try #require(try await follower.waitForExit(seconds: 60), "the follower ends with its task: \(follower.text)")
        try await Task.sleep(for: .milliseconds(100))
        return follower.exitCode
    }

    /// The state lines the follower printed (its log lines left out), in order.
    static func states(_ follower: ServerProcess) -> [String] {
        follower.text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("task ") || $0.hasPrefix("job ") }
    }

    @Test(arguments: StoreKind.enabled)
    func aTaskThatTimesOutExits2(kind: StoreKind) async throws {
        try await withApp(kind, live: true, minute: .milliseconds(500)) { app in
            try await app.makeWorkflow(
                "slow", stages: [Harness.stage("s", jobs: [Harness.shellJob("nap", "echo dozing off; sleep 30", timeout: 1)])])
            let follower = try Self.follow(app, "slow")
            #expect(try await Self.exitCode(of: follower) == 2, "\(follower.text)")
            #expect(Self.states(follower) == ["task 1 created", "task 1 running", "job s/nap running", "job s/nap timeout", "task 1 timeout"])
            #expect(follower.text.contains("nap | dozing off"), "\(follower.text)")
            #expect(try await app.task("slow", 1)["status"].string == "timeout")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aTaskCancelledWhileFollowedExits3(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "held",
                stages: [Harness.stage("s", jobs: [Harness.shellJob("hold", "echo holding; while [ ! -f \(dir)/go ]; do sleep 0.05; done")])])
            let follower = try Self.follow(app, "held")
            _ = try await follower.waitFor("hold \\| holding")
            let cancel = try await app.call(.delete, "/openapi/workflows/custom/task?taskId=1&workflowKey=held")
            #expect(cancel.status == .ok, "\(cancel.text)")
            #expect(try await Self.exitCode(of: follower) == 3, "\(follower.text)")
            #expect(Self.states(follower).first == "task 1 created")
            #expect(Self.states(follower).last == "task 1 cancelled", "\(follower.text)")
            #expect(Self.states(follower).contains("job s/hold cancelled"), "\(follower.text)")
            #expect(try await app.task("held", 1)["status"].string == "cancelled")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aTaskWhoseApprovalIsRejectedExits4(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try await app.makeWorkflow(
                "gated",
                stages: [
                    Harness.stage("ask", jobs: [WorkflowApprovalTests.approvalJob("gate", users: ["admin"])]),
                    Harness.stage("go", jobs: [Harness.shellJob("deploy", "echo deployed")]),
                ])
            let follower = try Self.follow(app, "gated")
            _ = try await follower.waitFor("job ask/gate wait_for_approval")
            let reject = try await app.call(
                .post, "/openapi/workflows/custom/task/approve",
                body: #"{"task_id":1,"workflow_key":"gated","stage_name":"gate","approve":false,"comment":"not today"}"#)
            #expect(reject.status == .ok, "\(reject.text)")
            #expect(try await Self.exitCode(of: follower) == 4, "\(follower.text)")
            #expect(Self.states(follower).last == "task 1 reject", "\(follower.text)")
            #expect(Self.states(follower).contains("job ask/gate reject"), "\(follower.text)")
            #expect(!follower.text.contains("deployed"), "the rejected task went no further")
        }
    }
}
