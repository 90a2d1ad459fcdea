import Foundation
import Testing

/// `error_policy: manual_check`: a failed job waits for a permitted user to ignore or reject the error.
@Suite struct ManualErrorHandlingTests {
    @Test(arguments: StoreKind.enabled)
    func ignoreMakesTheJobUnstableAndRejectKeepsTheFailure(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (_, lead) = try await app.makeUser("lead")
            let (_, other) = try await app.makeUser("other")
            let policy = #"{"policy":"manual_check","approval_users":[{"user_name":"lead"}]}"#
            try await app.makeWorkflow(
                "checked",
                stages: [
                    Harness.stage("s", jobs: [Harness.shellJob("flaky", "echo broken; exit 2", errorPolicy: policy)]),
                    Harness.stage("after", jobs: [Harness.shellJob("next", "echo continued")]),
                ])
            for user in try await app.store.users.list(keyword: nil, page: 1, pageSize: 10).items where user.account != "admin" {
                _ = try await app.call(.post, "/openapi/policy/role-bindings/user/\(user.uid)?namespace=demo", body: #"{"roles":["read-only"]}"#)
            }
            func decide(_ id: Int, _ decision: String, as token: String) async throws -> Reply {
                try await app.call(
                    .post, "/openapi/workflows/custom/task/error-handle", auth: .bearer(token),
                    body: """
                        {"workflow_name":"checked","job_name":"flaky","task_id":\(id),"decision":"\(decision)"}
                        """)
            }
            let first = try await app.run("checked")
            let waiting = try await app.waitFor("checked", first) { $0["stages"][0]["jobs"][0]["status"].string == "wait_for_manual_error_handling" }
            #expect(waiting["status"].string == "running")
            #expect(waiting["pending_reason"].string == "waiting for a manual decision on the failure of job flaky")
            let denied = try await decide(first, "ignore", as: other)
            #expect(denied.json["code"].int == 6169)
            #expect(denied.json["description"].string == "user other is not authorized to perform error handling")
            #expect(try await decide(first, "ignore", as: lead).status == .ok)
            let passed = try await app.waitFor("checked", first)
            #expect(passed["status"].string == "passed")
            #expect(passed["stages"][0]["jobs"][0]["status"].string == "unstable")
            #expect(passed["stages"][0]["jobs"][0]["error_handler_username"].string == "lead")
            #expect(passed["stages"][1]["jobs"][0]["status"].string == "passed")

            let second = try await app.run("checked")
            try await app.waitFor("checked", second) { $0["stages"][0]["jobs"][0]["status"].string == "wait_for_manual_error_handling" }
            #expect(try await decide(second, "reject", as: lead).status == .ok)
            let failed = try await app.waitFor("checked", second)
            #expect(failed["status"].string == "failed")
            #expect(failed["stages"][0]["jobs"][0]["status"].string == "failed")
            #expect(failed["stages"][1]["status"].string == "")
            let late = try await decide(second, "ignore", as: lead)
            #expect(late.json["code"].int == 6169)
        }
    }
}
