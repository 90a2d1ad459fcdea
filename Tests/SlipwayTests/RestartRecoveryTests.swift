import Foundation
import Testing

/// Durability with a real `kill -9` of the server binary while tasks run, wait and await approval.
@Suite(.serialized) struct RestartRecoveryTests {
    @Test func killedServerResumesEveryTask() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-recovery-\(UUID().uuidString)")
        let dataDir = root.appendingPathComponent("data").path
        let scratch = root.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let token = "recovery-test-admin-token"
        // Host execution: this test follows an orphaned job's process group across the crash (a
        // sandboxed job dies with its server) and talks to it through a scratch directory.
        let args = ["serve", "--port", "0", "--data-dir", dataDir, "--admin-token", token, "--executor", "host"]

        let server = try ServerProcess(args)
        let base = String(try await server.waitFor("listening on http://127.0.0.1:[0-9]+").dropFirst("listening on ".count))
        func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> (status: Int, json: JSON) {
            let reply = try await http(method, "\(base)\(path)", token: token, body: body)
            return (reply.status, JSON(reply.body))
        }
        #expect(
            try await call("POST", "/openapi/projects/project", #"{"project_name":"R","project_key":"r","is_public":false,"project_type":"yaml"}"#).status
                == 200)
        let script = #"[ \"{{.workflow.params.mode}}\" = fast ] && echo fast && exit 0; echo $$ > \#(scratch.path)/pid; sleep 300"#
        let created = try await call(
            "POST", "/api/aslan/workflow/v4",
            """
            {"name":"long","display_name":"long","project":"r","concurrency_limit":1,"params":[{"name":"mode","type":"string","value":"slow"}],
             "stages":[{"name":"s","parallel":false,"jobs":[{"name":"work","type":"freestyle","spec":{"steps":[{"name":"sh","type":"shell","spec":{"script":"\(script)"}}]}}]}]}
            """)
        #expect(created.status == 200, "\(created.json)")
        _ = try await call(
            "POST", "/api/aslan/workflow/v4",
            """
            {"name":"gate","display_name":"gate","project":"r","concurrency_limit":-1,
             "stages":[{"name":"s","parallel":false,"jobs":[{"name":"ok","type":"approval","spec":{"native_approval":{"approve_users":[{"user_name":"admin"}],"timeout":60}}}]}]}
            """)
        _ = try await call("POST", "/openapi/workflows/custom/task", #"{"project_key":"r","workflow_key":"long","inputs":[]}"#)
        _ = try await call(
            "POST", "/openapi/workflows/custom/task", #"{"project_key":"r","workflow_key":"long","parameters":[{"name":"mode","value":"fast"}],"inputs":[]}"#)
        _ = try await call("POST", "/openapi/workflows/custom/task", #"{"project_key":"r","workflow_key":"gate","inputs":[]}"#)

        // Wait until the long job runs, the second task waits, and the approval waits.
        let pidFile = scratch.appendingPathComponent("pid").path
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let approval = try await call("GET", "/openapi/workflows/custom/task?taskId=1&workflowKey=gate")
            if FileManager.default.fileExists(atPath: pidFile),
                (try? String(contentsOfFile: pidFile, encoding: .utf8))?.isEmpty == false,
                approval.json["stages"][0]["jobs"][0]["status"].string == "wait_for_approval"
            {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let group = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try await call("GET", "/openapi/workflows/custom/task?taskId=2&workflowKey=long").json["status"].string == "waiting")

        server.signal(SIGKILL)
        #expect(try await server.waitForExit(seconds: 10))
        #expect(kill(group, 0) == 0, "the job's process outlived the server")

        let restarted = try ServerProcess(args)
        let base2 = String(try await restarted.waitFor("listening on http://127.0.0.1:[0-9]+").dropFirst("listening on ".count))
        func call2(_ method: String, _ path: String, _ body: String? = nil) async throws -> JSON {
            JSON(try await http(method, "\(base2)\(path)", token: token, body: body).body)
        }
        func wait(_ path: String, until done: (JSON) -> Bool) async throws -> JSON {
            let deadline = Date().addingTimeInterval(20)
            var last = JSON.missing
            while Date() < deadline {
                last = try await call2("GET", path)
                if done(last) { return last }
                try await Task.sleep(for: .milliseconds(50))
            }
            return last
        }
        let interrupted = try await wait("/openapi/workflows/custom/task?taskId=1&workflowKey=long") { $0["status"].string == "failed" }
        #expect(interrupted["status"].string == "failed")
        #expect(interrupted["stages"][0]["jobs"][0]["error"].string == "interrupted: the server stopped while this job was running")
        let stopDeadline = Date().addingTimeInterval(5)
        while kill(group, 0) == 0 && Date() < stopDeadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(kill(group, 0) != 0, "the orphaned job was stopped on restart")

        let second = try await wait("/openapi/workflows/custom/task?taskId=2&workflowKey=long") { $0["status"].string == "passed" }
        #expect(second["status"].string == "passed", "the waiting task got its slot back and ran")

        let approve = try await http(
            "POST", "\(base2)/openapi/workflows/custom/task/approve", token: token,
            body: #"{"task_id":1,"workflow_key":"gate","stage_name":"ok","approve":true}"#)
        #expect(approve.status == 200, "\(approve.body)")
        let gate = try await wait("/openapi/workflows/custom/task?taskId=1&workflowKey=gate") { $0["status"].string == "passed" }
        #expect(gate["status"].string == "passed", "the approval kept waiting across the restart")

        let log = try await http("GET", "\(base2)/openapi/logs/log/v4/workflow/long/1/work", token: token)
        #expect(log.body.contains("=== step sh (shell) ==="), "logs written before the kill are kept")

        restarted.signal(SIGTERM)
        #expect(try await restarted.waitForExit(seconds: 15))
    }

    /// A sandboxed job needs no process group on record: when the server is killed its sandbox
    /// dies with it (the launcher's parent-death signal ends the job's PID namespace), and the
    /// restarted server fails the job as interrupted.
    @Test func aSandboxedJobDiesWithItsKilledServer() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-sandbox-death-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let token = "sandbox-death-admin-token"
        let args = ["serve", "--port", "0", "--data-dir", root.appendingPathComponent("data").path, "--admin-token", token]
        // A duration no other process here sleeps for: the job's process is found by its command line.
        let seconds = String(7_000 + Int.random(in: 0..<999))
        func sleepers() -> [String] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.filter { Int($0) != nil }.filter { pid in
                let line = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
                return String(decoding: line, as: UTF8.self) == "sleep\u{0}\(seconds)\u{0}"
            }
        }
        let server = try ServerProcess(args)
        let base = String(try await server.waitFor("listening on http://127.0.0.1:[0-9]+").dropFirst("listening on ".count))
        func call(_ method: String, _ path: String, _ body: String? = nil) async throws -> JSON {
            JSON(try await http(method, "\(base)\(path)", token: token, body: body).body)
        }
        _ = try await call("POST", "/openapi/projects/project", #"{"project_name":"D","project_key":"d","is_public":false,"project_type":"yaml"}"#)
        _ = try await call(
            "POST", "/api/aslan/workflow/v4",
            """
            {"name":"nap","display_name":"nap","project":"d","concurrency_limit":1,
             "stages":[{"name":"s","parallel":false,"jobs":[{"name":"work","type":"freestyle","spec":{"steps":[{"name":"sh","type":"shell","spec":{"script":"sleep \(seconds)"}}]}}]}]}
            """)
        _ = try await call("POST", "/openapi/workflows/custom/task", #"{"project_key":"d","workflow_key":"nap","inputs":[]}"#)
        let startDeadline = Date().addingTimeInterval(20)
        while sleepers().isEmpty && Date() < startDeadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!sleepers().isEmpty, "the sandboxed job started")

        server.signal(SIGKILL)
        #expect(try await server.waitForExit(seconds: 10))
        let deathDeadline = Date().addingTimeInterval(5)
        while !sleepers().isEmpty && Date() < deathDeadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(sleepers().isEmpty, "the sandboxed job's process died with the server")

        let restarted = try ServerProcess(args)
        let base2 = String(try await restarted.waitFor("listening on http://127.0.0.1:[0-9]+").dropFirst("listening on ".count))
        var task = JSON.missing
        let failDeadline = Date().addingTimeInterval(20)
        while task["status"].string != "failed" && Date() < failDeadline {
            task = JSON(try await http("GET", "\(base2)/openapi/workflows/custom/task?taskId=1&workflowKey=nap", token: token).body)
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(task["stages"][0]["jobs"][0]["error"].string == "interrupted: the server stopped while this job was running")
        restarted.signal(SIGTERM)
        #expect(try await restarted.waitForExit(seconds: 15))
    }
}
