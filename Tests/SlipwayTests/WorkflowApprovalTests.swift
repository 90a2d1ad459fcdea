import Foundation
import Testing

/// Native approvals: approval jobs and stage approvals, approve/reject through the API, timeouts.
@Suite struct WorkflowApprovalTests {
    static func approvalJob(_ name: String, users: [String], needed: Int = 1, timeout: Int = 60) -> String {
        let list = users.map { #"{"user_name":"\#($0)"}"# }.joined(separator: ",")
        return """
            {"name":"\(name)","type":"approval","spec":{"type":"native","description":"ship it?",
             "native_approval":{"approve_users":[\(list)],"needed_approvers":\(needed),"timeout":\(timeout)}}}
            """
    }

    @Test(arguments: StoreKind.enabled)
    func approveJobLetsTheTaskContinue(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (_, lead) = try await app.makeUser("lead")
            let (_, dev) = try await app.makeUser("dev")
            _ = try await app.makeProject("demo")
            for user in try await app.store.users.list(keyword: nil, page: 1, pageSize: 10).items where user.account != "admin" {
                _ = try await app.call(.post, "/openapi/policy/role-bindings/user/\(user.uid)?namespace=demo", body: #"{"roles":["read-only"]}"#)
            }
            try await app.makeWorkflow(
                "gated",
                stages: [
                    Harness.stage("ask", jobs: [Self.approvalJob("gate", users: ["admin", "lead"], needed: 2)]),
                    Harness.stage("go", jobs: [Harness.shellJob("deploy", "echo deployed")]),
                ])
            let id = try await app.run("gated")
            let waiting = try await app.waitFor("gated", id) { $0["stages"][0]["jobs"][0]["approval"]["needed_approvers"].exists }
            #expect(waiting["status"].string == "running")
            #expect(waiting["stages"][0]["jobs"][0]["approval"]["needed_approvers"].int == 2)
            #expect(waiting["pending_reason"].string == "waiting for approval by admin, lead (job gate)")

            let body = { (approve: Bool, comment: String) in
                #"{"task_id":\#(id),"workflow_key":"gated","stage_name":"gate","approve":\#(approve),"comment":"\#(comment)"}"#
            }
            let outsider = try await app.call(.post, "/openapi/workflows/custom/task/approve", as: dev, body: body(true, "me too"))
            #expect(outsider.json["code"].int == 6169)
            #expect(outsider.json["description"].string == "user dev has no authority to Approve")
            #expect(try await app.call(.post, "/openapi/workflows/custom/task/approve", body: body(true, "LGTM")).status == .ok)
            let twice = try await app.call(.post, "/openapi/workflows/custom/task/approve", body: body(true, "again"))
            #expect(twice.json["description"].string == "admin have approve already")
            #expect(try await app.task("gated", id)["stages"][0]["jobs"][0]["status"].string == "wait_for_approval", "one of two approvals")
            #expect(try await app.call(.post, "/openapi/workflows/custom/task/approve", as: lead, body: body(true, "ok")).status == .ok)

            let done = try await app.waitFor("gated", id)
            #expect(done["status"].string == "passed")
            let approval = done["stages"][0]["jobs"][0]["approval"]
            #expect(approval["reject_or_approve"].string == "approve")
            #expect(approval["approve_users"][0]["comment"].string == "LGTM")
            #expect(approval["approve_users"][0]["reject_or_approve"].string == "approve")
            #expect(try await app.log("gated", id, job: "deploy").contains("deployed"))

            let wrong = try await app.call(.post, "/openapi/workflows/custom/task/approve", body: body(true, "late"))
            #expect(wrong.json["code"].int == 6169)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func rejectAndTimeoutEndTheTask(kind: StoreKind) async throws {
        try await withApp(kind, minute: .milliseconds(300)) { app in
            try await app.makeWorkflow(
                "reject-me",
                stages: [
                    Harness.stage("ask", jobs: [Self.approvalJob("gate", users: ["admin"])]),
                    Harness.stage("go", jobs: [Harness.shellJob("deploy", "echo deployed")]),
                ])
            let id = try await app.run("reject-me")
            try await app.waitFor("reject-me", id) { $0["stages"][0]["jobs"][0]["approval"]["needed_approvers"].exists }
            let reject = try await app.call(
                .post, "/openapi/workflows/custom/task/approve",
                body: """
                    {"task_id":\(id),"workflow_key":"reject-me","stage_name":"gate","approve":false,"comment":"not today"}
                    """)
            #expect(reject.status == .ok)
            let rejected = try await app.waitFor("reject-me", id)
            #expect(rejected["status"].string == "reject")
            #expect(rejected["stages"][0]["jobs"][0]["approval"]["approve_users"][0]["comment"].string == "not today")
            #expect(rejected["stages"][1]["status"].string == "")

            try await app.makeWorkflow("too-slow", stages: [Harness.stage("ask", jobs: [Self.approvalJob("gate", users: ["admin"], timeout: 1)])])
            let slow = try await app.run("too-slow")
            let timedOut = try await app.waitFor("too-slow", slow)
            #expect(timedOut["status"].string == "timeout")
            #expect(timedOut["stages"][0]["jobs"][0]["status"].string == "timeout")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func stageApprovalGatesTheStage(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let approval =
                #"{"enabled":true,"type":"native","description":"需审批","native_approval":{"approve_users":[{"user_name":"admin"}],"timeout":120,"needed_approvers":1}}"#
            try await app.makeWorkflow(
                "staged",
                stages: [
                    Harness.stage("部署", jobs: [Harness.shellJob("deploy", "echo deployed")], approval: approval)
                ])
            let id = try await app.run("staged")
            // The stage has started and waits for its approval (a not-started stage's jobs now read `created`, issue 10.14).
            let waiting = try await app.waitFor("staged", id) {
                $0["stages"][0]["approval"]["enabled"].bool == true && $0["stages"][0]["status"].string == "running"
            }
            #expect(waiting["stages"][0]["jobs"][0]["status"].string == "", "jobs wait for the stage approval")
            let ok = try await app.call(
                .post, "/openapi/workflows/custom/task/approve",
                body: """
                    {"task_id":\(id),"workflow_key":"staged","stage_name":"部署","approve":true,"comment":"go"}
                    """)
            #expect(ok.status == .ok, "\(ok.text)")
            let done = try await app.waitFor("staged", id)
            #expect(done["status"].string == "passed")
            #expect(done["stages"][0]["approval"]["reject_or_approve"].string == "approve")
            #expect(done["stages"][0]["approval"]["timeout"].int == 120)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func cancelWhileWaitingForApproval(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("pending", stages: [Harness.stage("ask", jobs: [Self.approvalJob("gate", users: ["admin"])])])
            let id = try await app.run("pending")
            try await app.waitFor("pending", id) { $0["stages"][0]["jobs"][0]["approval"]["needed_approvers"].exists }
            #expect(try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=pending").status == .ok)
            let done = try await app.waitFor("pending", id) { $0["stages"][0]["jobs"][0]["status"].string == "cancelled" }
            #expect(done["status"].string == "cancelled")
            try await app.engine.waitUntilIdle()
        }
    }
}
