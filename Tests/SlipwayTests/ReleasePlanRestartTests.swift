import Foundation
import Testing

/// A release plan's `schedule_execute_time` survives a `kill -9` of the server: the moment is in
/// the database, and the restarted server's timer starts the plan's workflow job then.
@Suite(.serialized) struct ReleasePlanRestartTests {
    @Test func aScheduleSetBeforeAKillFiresAfterTheRestart() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-plan-restart-\(UUID().uuidString)")
        let dataDir = root.appendingPathComponent("data").path
        defer { try? FileManager.default.removeItem(at: root) }
        let token = "plan-restart-admin-token"
        let args = ["serve", "--port", "0", "--data-dir", dataDir, "--admin-token", token, "--executor", "host"]
        let server = try ServerProcess(args)
        let base = String(try await server.waitFor("listening on http://127.0.0.1:[0-9]+").dropFirst("listening on ".count))
        func call(_ base: String, _ method: String, _ path: String, _ body: String? = nil) async throws -> (status: Int, json: JSON) {
            let reply = try await http(method, "\(base)\(path)", token: token, body: body)
            return (reply.status, JSON(reply.body))
        }
        #expect(
            try await call(base, "POST", "/openapi/projects/project", #"{"project_name":"R","project_key":"r","is_public":false,"project_type":"yaml"}"#)
                .status == 200)
        let workflow = """
            {"name":"ship","display_name":"ship","project":"r","concurrency_limit":-1,
             "stages":[{"name":"s","parallel":false,"jobs":[{"name":"go","type":"freestyle","spec":{"steps":[{"name":"sh","type":"shell","spec":{"script":"echo released"}}]}}]}]}
            """
        #expect(try await call(base, "POST", "/api/aslan/workflow/v4", workflow).status == 200)
        func plan(at: Int64) -> String {
            """
            {"name":"night","manager":"admin","manager_identity_type":"system","schedule_execute_time":\(at),
             "jobs":[{"name":"ship","type":"workflow","spec":{"workflow_key":"ship","project_key":"r","inputs":[]}}]}
            """
        }
        let created = try await call(base, "POST", "/openapi/release_plan/v1", plan(at: 0))
        let id = try #require(created.json["id"].string, "\(created.json)")
        // Set just before the plan executes and the server is killed.
        let at = Int64(Date().timeIntervalSince1970) + 6
        #expect(try await call(base, "PATCH", "/openapi/release_plan/v1/\(id)", plan(at: at)).status == 200)
        for status in ["finish_planning", "executing"] {
            #expect(try await call(base, "POST", "/api/aslan/release_plan/v1/\(id)/status/\(status)").status == 200)
        }
        #expect(try await call(base, "GET", "/openapi/release_plan/v1/\(id)").json["jobs"][0]["status"].string == "todo")
        server.signal(SIGKILL)
        #expect(try await server.waitForExit(seconds: 10))

        let restarted = try ServerProcess(args)
        let base2 = String(try await restarted.waitFor("listening on http://127.0.0.1:[0-9]+").dropFirst("listening on ".count))
        let deadline = Date().addingTimeInterval(30)
        var last = JSON.missing
        while Date() < deadline {
            last = try await call(base2, "GET", "/openapi/release_plan/v1/\(id)").json
            if last["status"].string == "success" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(last["status"].string == "success", "\(last)")
        #expect(Int64(Date().timeIntervalSince1970) >= at)
        #expect(last["jobs"][0]["executed_by"].string == "系统")
        let task = try await call(base2, "GET", "/openapi/workflows/custom/task?taskId=1&workflowKey=ship").json
        #expect(task["status"].string == "passed", "\(task)")
        restarted.signal(SIGTERM)
        #expect(try await restarted.waitForExit(seconds: 15))
    }
}
