import Foundation
import Testing

/// Limits, queueing reasons, cancel (killing the job's process group), retry, timeouts, error policies.
@Suite struct WorkflowControlTests {
    @Test(arguments: StoreKind.enabled)
    func concurrencyLimitQueuesFIFOWithAReason(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "one-at-a-time", limit: 1,
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Harness.shellJob("wait", "echo $TASK_ID >> \(dir)/order; while [ ! -f \(dir)/go-$TASK_ID ]; do sleep 0.02; done")
                        ])
                ])
            let first = try await app.run("one-at-a-time")
            _ = try await app.waitForFile("order", nonEmpty: true)
            let second = try await app.run("one-at-a-time")
            let waiting = try await app.waitFor("one-at-a-time", second) { $0["pending_reason"].string?.isEmpty == false }
            #expect(waiting["status"].string == "waiting")
            #expect(waiting["pending_reason"].string == "concurrency_limit 1 reached by task 1")
            app.touch("go-1")
            app.touch("go-2")
            #expect(try await app.waitFor("one-at-a-time", first)["status"].string == "passed")
            #expect(try await app.waitFor("one-at-a-time", second)["status"].string == "passed")
            let order = try String(contentsOfFile: "\(dir)/order", encoding: .utf8)
            #expect(order == "1\n2\n", "tasks ran one after the other, in order")

            try await app.makeWorkflow("never", limit: 0, stages: [Harness.stage("s", jobs: [Harness.shellJob("x", "true")])])
            let stuck = try await app.run("never")
            let reason = try await app.waitFor("never", stuck) { $0["pending_reason"].string?.isEmpty == false }
            #expect(reason["pending_reason"].string == "concurrency_limit 0: this workflow never runs")
            #expect(try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(stuck)&workflowKey=never").status == .ok)
            #expect(try await app.task("never", stuck)["status"].string == "cancelled")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func globalLimitIsReported(kind: StoreKind) async throws {
        try await withApp(kind, maxRunningTasks: 1) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "busy",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Harness.shellJob("wait", "touch \(dir)/started-$TASK_ID; while [ ! -f \(dir)/go ]; do sleep 0.02; done")
                        ])
                ])
            let first = try await app.run("busy")
            _ = try await app.waitForFile("started-1")
            let second = try await app.run("busy")
            let blocked = try await app.waitFor("busy", second) { $0["pending_reason"].string?.isEmpty == false }
            #expect(blocked["pending_reason"].string == "global limit of 1 running tasks reached")
            app.touch("go")
            #expect(try await app.waitFor("busy", first)["status"].string == "passed")
            #expect(try await app.waitFor("busy", second)["status"].string == "passed")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func cancelKillsTheWholeProcessGroup(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            let marker = "300.\(Int.random(in: 1000...9999))"
            try await app.makeWorkflow(
                "sleepy",
                stages: [
                    Harness.stage("s", jobs: [Harness.shellJob("nap", "sleep \(marker) & echo $! > \(dir)/child; sleep 300")]),
                    Harness.stage("after", jobs: [Harness.shellJob("never", "touch \(dir)/ran")]),
                ])
            let id = try await app.run("sleepy")
            _ = try await app.waitForFile("child", nonEmpty: true)
            // The job runs in its own PID namespace: find the grandchild by its command line.
            var found: Int32?
            for _ in 0..<250 where found == nil {
                found = hostProcesses(commandLine: "sleep\0\(marker)\0").first
                if found == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            let child = try #require(found)
            #expect(kill(child, 0) == 0, "the grandchild runs")
            let cancel = try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=sleepy")
            #expect(cancel.status == .ok)
            #expect(cancel.json["message"].string == "success")
            let done = try await app.waitFor("sleepy", id)
            #expect(done["status"].string == "cancelled")
            #expect(done["task_revoker"].string == "admin")
            #expect(done["stages"][0]["jobs"][0]["status"].string == "cancelled")
            #expect(done["stages"][1]["status"].string == "")
            let deadline = Date().addingTimeInterval(5)
            while kill(child, 0) == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(kill(child, 0) != 0, "the backgrounded grandchild was killed with its group")
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/ran"))

            try await app.makeWorkflow("quick", stages: [Harness.stage("s", jobs: [Harness.shellJob("ok", "true")])])
            let passed = try await app.run("quick")
            try await app.waitFor("quick", passed)
            let refused = try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(passed)&workflowKey=quick")
            #expect(refused.status == .badRequest)
            #expect(refused.json["code"].int == 6163)
            #expect(refused.json["description"].string == "task: quick:\(passed) is passed, cannot cancel")
            let missing = try await app.call(.delete, "/openapi/workflows/custom/task?taskId=99&workflowKey=quick")
            #expect(missing.json["code"].int == 6163)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func retryReusesTheNumberAndKeepsWhatPassed(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "flaky",
                stages: [
                    Harness.stage("first", jobs: [Harness.shellJob("count", "echo run >> \(dir)/first-runs")]),
                    Harness.stage("second", jobs: [Harness.shellJob("flaky", "if [ -f \(dir)/fixed ]; then echo ok; else exit 1; fi")]),
                ])
            let id = try await app.run("flaky")
            #expect(try await app.waitFor("flaky", id)["status"].string == "failed")
            // Fixed before the retry: a retried task may start before the call answers.
            app.touch("fixed")
            let early = try await app.call(.post, "/openapi/workflows/custom/flaky/task/\(id)?projectKey=demo")
            #expect(early.status == .ok)
            let done = try await app.waitFor("flaky", id) {
                $0["status"].string == "passed" || ($0["retry_num"].int == 1 && Harness.finished($0["status"].string))
            }
            #expect(done["status"].string == "passed")
            #expect(done["task_id"].int == id)
            #expect(done["retry_num"].int == 1)
            #expect(done["is_restart"].bool == true)
            #expect(try String(contentsOfFile: "\(dir)/first-runs", encoding: .utf8) == "run\n", "the passed stage did not run again")
            let notRetryable = try await app.call(.post, "/openapi/workflows/custom/flaky/task/\(id)?projectKey=demo")
            // Issue 9.13 changes the documented 500 into a 400 in the Zadig envelope.
            #expect(notRetryable.status == .badRequest)
            #expect(notRetryable.json["code"].int == 6164)
            #expect(notRetryable.json["description"].string == "工作流任务状态无法重试")
            #expect(notRetryable.json["type"].string == "error")
            let unknown = try await app.call(.post, "/openapi/workflows/custom/flaky/task/42?projectKey=demo")
            #expect(unknown.json["code"].int == 6161)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func timeoutsAndErrorPolicies(kind: StoreKind) async throws {
        try await withApp(kind, minute: .milliseconds(300)) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "policies",
                stages: [
                    Harness.stage(
                        "s", parallel: true,
                        jobs: [
                            Harness.shellJob("ignored", "exit 1", errorPolicy: #"{"policy":"ignore_error"}"#),
                            Harness.shellJob(
                                "retried", "echo x >> \(dir)/tries; [ $(wc -l < \(dir)/tries) -ge 3 ]",
                                errorPolicy: #"{"policy":"retry","maximum_retry":2}"#),
                        ])
                ])
            let id = try await app.run("policies")
            let done = try await app.waitFor("policies", id)
            #expect(done["status"].string == "passed", "unstable is reported as passed at the task level")
            let jobs = done["stages"][0]["jobs"].array
            #expect(jobs.first { $0["name"].string == "ignored" }?["status"].string == "unstable")
            let retried = try #require(jobs.first { $0["name"].string == "retried" })
            #expect(retried["status"].string == "passed")
            #expect(retried["retry_count"].int == 2)

            try await app.makeWorkflow("slow", stages: [Harness.stage("s", jobs: [Harness.shellJob("long", "sleep 30", timeout: 1)])])
            let slow = try await app.run("slow")
            let timedOut = try await app.waitFor("slow", slow)
            #expect(timedOut["status"].string == "timeout")
            #expect(timedOut["stages"][0]["jobs"][0]["status"].string == "timeout")
            #expect(timedOut["stages"][0]["jobs"][0]["error"].string == "job timed out after 1 minute(s)")
        }
    }
}

/// Host PIDs whose `/proc/<pid>/cmdline` (NUL-separated arguments) is `commandLine`.
func hostProcesses(commandLine: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry in
        guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
        return String(decoding: data, as: UTF8.self) == commandLine ? pid : nil
    }
}
