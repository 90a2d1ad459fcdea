import Foundation
import SlipwayEngine
import Testing

/// Issue 10.2: watching the live log of a job that has not started yet.
@Suite struct LiveLogTests {
    @Test(arguments: StoreKind.enabled)
    func aWatcherOfAJobNotStartedYetSeesItsWholeRun(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "later",
                stages: [
                    Harness.stage("first", jobs: [Harness.shellJob("hold", "while [ ! -f \(dir)/go ]; do sleep 0.02; done")]),
                    Harness.stage("second", jobs: [Harness.shellJob("speak", "echo one; echo two")]),
                ])
            let id = try await app.run("later")
            try await app.waitFor("later", id) { $0["stages"][0]["jobs"][0]["status"].string == "running" }
            let key = LogKey(workflowKey: "later", taskID: id, jobName: "speak")
            let watcher = Task { try await app.call(.get, "/openapi/logs/sse/v4/workflow/later/\(id)/speak/100") }
            let deadline = Date().addingTimeInterval(20)
            while await app.engine.logs.waitingCount(key) < 1 && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await app.engine.logs.waitingCount(key) == 1, "the stream stays open for a job that has not begun")
            app.touch("go")
            let sse = try await watcher.value
            #expect(sse.status == .ok)
            #expect(sse.text == "id:1\nevent:message\ndata:=== step run (shell) ===\n\nid:2\nevent:message\ndata:one\n\nid:3\nevent:message\ndata:two\n\n")
            #expect(try await app.waitFor("later", id)["status"].string == "passed")

            // Finished: the log is sent and the stream closes.
            let again = try await app.call(.get, "/openapi/logs/sse/v4/workflow/later/\(id)/speak/1")
            #expect(again.text == "id:3\nevent:message\ndata:two\n\n")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aWatcherIsReleasedWhenTheJobWillNeverRun(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "stopper",
                stages: [
                    Harness.stage("first", jobs: [Harness.shellJob("hold", "touch \(dir)/held; sleep 60")]),
                    Harness.stage("second", jobs: [Harness.shellJob("never", "echo never")]),
                ])
            let id = try await app.run("stopper")
            _ = try await app.waitForFile("held")
            let key = LogKey(workflowKey: "stopper", taskID: id, jobName: "never")
            let watcher = Task { try await app.call(.get, "/openapi/logs/sse/v4/workflow/stopper/\(id)/never/10") }
            let deadline = Date().addingTimeInterval(20)
            while await app.engine.logs.waitingCount(key) < 1 && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=stopper").status == .ok)
            let sse = try await watcher.value
            #expect(sse.status == .ok)
            #expect(sse.text == "", "the task ended before the job began: nothing to send, the stream closes")
            #expect(await app.engine.logs.waitingCount(key) == 0)
        }
    }
}
