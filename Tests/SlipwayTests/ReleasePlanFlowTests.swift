import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayStore
import Testing

/// Zadig §9 release plans driven end to end: planning → approval → executing, a text job done by
/// hand, a workflow job run as a real task, the plan's success; rejection and failed tasks; who
/// may move, approve and execute a plan.
@Suite struct ReleasePlanFlowTests {
    @Test(arguments: StoreKind.enabled)
    func planRunsThroughApprovalToSuccess(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "echo shipped")])])
            // The manager runs the workflow: a member allowed to.
            let managerToken = try await app.makeMember("mgr", actions: ["get_workflow", "run_workflow"])
            let (_, aliceToken) = try await app.makeUser("alice")
            let id = try await app.makeReleasePlan(Harness.releasePlanBody(approvers: ["alice"]))
            #expect(
                try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: Harness.releasePlanBody(approvers: ["alice"], jobs: Harness.releaseJobs()))
                    .status == .ok)
            for status in ["finish_planning", "wait_for_approval"] {
                let moved = try await app.moveReleasePlan(id, to: status, as: managerToken)
                #expect(moved.status == .ok, "\(status): \(moved.text)")
            }
            // Executing before the approval passed is refused.
            #expect(try await app.moveReleasePlan(id, to: "executing", as: managerToken).json["description"].string == "approval status is , can not execute")
            let approved = try await app.call(.post, "/api/aslan/release_plan/v1/\(id)/approve", as: aliceToken, body: #"{"approve":true,"comment":"ok"}"#)
            #expect(approved.status == .ok, "\(approved.text)")
            var plan = try await app.releasePlan(id, as: managerToken)
            #expect(plan["status"].string == "executing")
            #expect(plan["approval"]["status"].string == "passed")
            let vote = plan["approval"]["native_approval"]["approve_users"][0]
            #expect(vote["user_name"].string == "alice")
            #expect(vote["reject_or_approve"].string == "approve")
            #expect(vote["comment"].string == "ok")
            #expect(vote["operation_time"].int ?? 0 > 1_700_000_000)
            #expect(plan["approval_time"].int ?? 0 > 0)

            let textJob = try #require(plan["jobs"][0]["id"].string), workflowJob = try #require(plan["jobs"][1]["id"].string)
            let execute = "/api/aslan/release_plan/v1/\(id)/execute"
            let done = try await app.call(.post, execute, as: managerToken, body: #"{"id":"\#(textJob)","type":"text","spec":{"remark":"told"}}"#)
            #expect(done.status == .ok, "\(done.text)")
            plan = try await app.releasePlan(id)
            #expect(plan["jobs"][0]["status"].string == "done")
            #expect(plan["jobs"][0]["spec"]["remark"].string == "told")
            #expect(plan["jobs"][0]["executed_by"].string == "mgr")
            #expect(plan["status"].string == "executing")
            let started = try await app.call(.post, execute, as: managerToken, body: #"{"id":"\#(workflowJob)","type":"workflow"}"#)
            #expect(started.status == .ok, "\(started.text)")
            plan = try await app.waitForReleasePlan(id) { $0["status"].string == "success" }
            #expect(plan["jobs"][1]["status"].string == "done")
            #expect(plan["jobs"][1]["spec"]["status"].string == "passed")
            #expect(plan["success_time"].int ?? 0 > 0)
            let taskID = try #require(plan["jobs"][1]["spec"]["task_id"].int)
            let task = try await app.task("deploy", taskID)
            #expect(task["status"].string == "passed")
            #expect(task["task_creator"].string == "mgr" || task["creator"].string == "mgr", "\(task)")
            #expect(try await app.log("deploy", taskID, job: "build").contains("shipped"))
            let logs = try await app.call(.get, "/api/aslan/release_plan/v1/\(id)/logs", as: managerToken).json["list"].array
            #expect(logs.filter { $0["verb"].string == "执行" }.map { $0["target_name"].string } == ["announce", "ship"])
            #expect(logs.last?["after"].string == "success")
            #expect(logs.contains { $0["detail"].string == "审批通过" && $0["username"].string == "系统" })
            // A finished plan moves no more.
            #expect(try await app.moveReleasePlan(id, to: "planning", as: managerToken).status == .badRequest)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func rejectionDeniesAndAFailedTaskFailsItsJob(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "exit 3")])])
            let (_, managerToken) = try await app.makeUser("mgr")
            let (_, aliceToken) = try await app.makeUser("alice")
            let (_, bobToken) = try await app.makeUser("bob")
            let body = Harness.releasePlanBody(approvers: ["alice", "bob"], needed: 2, jobs: Harness.releaseJobs())
            let id = try await app.makeReleasePlan(body)
            #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: body).status == .ok)
            try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
            try await app.moveReleasePlan(id, to: "wait_for_approval", as: managerToken)
            let approve = "/api/aslan/release_plan/v1/\(id)/approve"
            #expect(try await app.call(.post, approve, as: aliceToken, body: #"{"approve":true}"#).status == .ok)
            #expect(try await app.releasePlan(id)["status"].string == "wait_for_approval")
            let twice = try await app.call(.post, approve, as: aliceToken, body: #"{"approve":true}"#)
            #expect(twice.json["description"].string == "alice have approve already", "\(twice.text)")
            #expect(
                try await app.call(.post, approve, as: managerToken, body: #"{"approve":true}"#).json["description"].string
                    == "user mgr has no authority to Approve")
            #expect(try await app.call(.post, approve, as: bobToken, body: #"{"approve":false,"comment":"not today"}"#).status == .ok)
            var plan = try await app.releasePlan(id)
            #expect(plan["status"].string == "denied")
            #expect(plan["approval"]["status"].string == "reject")
            // Denied goes back to planning (votes cleared), and round again; the admin runs the job itself.
            try await app.moveReleasePlan(id, to: "planning", as: managerToken)
            #expect(try await app.releasePlan(id)["approval"]["native_approval"]["approve_users"][0]["reject_or_approve"].string == "")
            try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
            try await app.moveReleasePlan(id, to: "wait_for_approval", as: managerToken)
            for token in [aliceToken, bobToken] { #expect(try await app.call(.post, approve, as: token, body: #"{"approve":true}"#).status == .ok) }
            plan = try await app.releasePlan(id)
            #expect(plan["status"].string == "executing")
            let workflowJob = try #require(plan["jobs"][1]["id"].string)
            let execute = "/api/aslan/release_plan/v1/\(id)/execute"
            #expect(try await app.call(.post, execute, body: #"{"id":"\#(workflowJob)","type":"workflow"}"#).status == .ok)
            plan = try await app.waitForReleasePlan(id) { $0["jobs"][1]["status"].string == "failed" }
            #expect(plan["jobs"][1]["spec"]["status"].string == "failed")
            #expect(plan["status"].string == "executing")
            // A failed workflow job may run again.
            #expect(try await app.call(.post, execute, body: #"{"id":"\#(workflowJob)","type":"workflow"}"#).status == .ok)
            plan = try await app.waitForReleasePlan(id) { $0["jobs"][1]["spec"]["task_id"].int == 2 && $0["jobs"][1]["status"].string == "failed" }
            // The manager may also end it by hand.
            #expect(try await app.moveReleasePlan(id, to: "cancel", as: managerToken).status == .ok)
            #expect(try await app.releasePlan(id)["status"].string == "cancel")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func backToPlanningCancelsARunningTask(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "sleep 30")])])
            let (_, managerToken) = try await app.makeUser("mgr", admin: false)
            let id = try await app.makeReleasePlan(Harness.releasePlanBody(jobs: Harness.releaseJobs()))
            #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: Harness.releasePlanBody(jobs: Harness.releaseJobs())).status == .ok)
            try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
            try await app.moveReleasePlan(id, to: "executing", as: managerToken)
            let workflowJob = try #require(try await app.releasePlan(id)["jobs"][1]["id"].string)
            // The manager may not run the workflow (no project role): refused, the job stays to do.
            let refused = try await app.call(
                .post, "/api/aslan/release_plan/v1/\(id)/execute", as: managerToken, body: #"{"id":"\#(workflowJob)","type":"workflow"}"#)
            #expect(refused.status == .forbidden)
            #expect(try await app.releasePlan(id)["jobs"][1]["status"].string == "todo")
            #expect(try await app.call(.post, "/api/aslan/release_plan/v1/\(id)/execute", body: #"{"id":"\#(workflowJob)","type":"workflow"}"#).status == .ok)
            try await app.waitFor("deploy", 1) { $0["status"].string == "running" }
            #expect(try await app.moveReleasePlan(id, to: "planning", as: app.adminToken).status == .ok)
            try await app.waitFor("deploy", 1) { $0["status"].string == "cancelled" }
            let plan = try await app.releasePlan(id)
            #expect(plan["status"].string == "planning")
            #expect(plan["jobs"][1]["status"].string == "todo")
            #expect(plan["jobs"][1]["spec"]["task_id"].int == 0)
        }
    }
}
