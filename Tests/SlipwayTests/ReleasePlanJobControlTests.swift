import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Skip and retry of a plan's jobs (Zadig `POST /api/aslan/release_plan/v1/:id/skip` and
/// `/retry`): a failed workflow job's task retried under its number, a job skipped, the plan's
/// status recomputed; bad input and who may do it.
@Suite struct ReleasePlanJobControlTests {
    /// An executing plan (text job `announce`, workflow job `ship`) managed by a member who may run `deploy`.
    static func executingPlan(_ app: Harness, script: String) async throws -> (id: String, text: String, workflow: String, manager: String) {
        try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", script)])])
        let managerToken = try await app.makeMember("mgr", actions: ["get_workflow", "run_workflow"])
        _ = try await app.makeUser("alice")
        let body = Harness.releasePlanBody(approvers: [], jobs: Harness.releaseJobs())
        let id = try await app.makeReleasePlan(body)
        #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: body).status == .ok)
        try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
        try await app.moveReleasePlan(id, to: "executing", as: managerToken)
        let plan = try await app.releasePlan(id)
        return (id, try #require(plan["jobs"][0]["id"].string), try #require(plan["jobs"][1]["id"].string), managerToken)
    }

    @Test(arguments: StoreKind.enabled)
    func aFailedJobIsRetriedAndATextJobSkipped(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let marker = app.scratch.appendingPathComponent("second-try").path
            let plan = try await Self.executingPlan(app, script: "[ -f \(marker) ] && echo second && exit 0; touch \(marker); exit 1")
            let aslan = "/api/aslan/release_plan/v1/\(plan.id)"
            let workflowJob = #"{"id":"\#(plan.workflow)","name":"ship","type":"workflow"}"#
            // Nothing to retry before it ran.
            let early = try await app.call(.post, "\(aslan)/retry", as: plan.manager, body: workflowJob)
            #expect(early.json["description"].string == "workflow task not found", "\(early.text)")
            #expect(try await app.call(.post, "\(aslan)/execute", as: plan.manager, body: workflowJob).status == .ok)
            var detail = try await app.waitForReleasePlan(plan.id) { $0["jobs"][1]["status"].string == "failed" }
            #expect(detail["jobs"][1]["spec"]["task_id"].int == 1)
            let retried = try await app.call(.post, "\(aslan)/retry", as: plan.manager, body: workflowJob)
            #expect(retried.status == .ok, "\(retried.text)")
            detail = try await app.waitForReleasePlan(plan.id) { $0["jobs"][1]["status"].string == "done" }
            // The same task, retried under its number.
            #expect(detail["jobs"][1]["spec"]["task_id"].int == 1)
            #expect(detail["jobs"][1]["spec"]["status"].string == "passed")
            #expect(try await app.task("deploy", 1)["status"].string == "passed")
            #expect(try await app.log("deploy", 1, job: "build").contains("second"))
            // A done job is not retried again; the text job still to do keeps the plan executing.
            let again = try await app.call(.post, "\(aslan)/retry", as: plan.manager, body: workflowJob)
            #expect(again.json["description"].string == "job ship status done can't retry")
            #expect(detail["status"].string == "executing")
            let skipped = try await app.call(
                .post, "\(aslan)/skip", as: plan.manager, body: #"{"id":"\#(plan.text)","name":"announce","type":"text","spec":{"remark":"not needed"}}"#)
            #expect(skipped.status == .ok, "\(skipped.text)")
            detail = try await app.releasePlan(plan.id)
            #expect(detail["jobs"][0]["status"].string == "skipped")
            #expect(detail["jobs"][0]["spec"]["remark"].string == "not needed")
            #expect(detail["jobs"][0]["executed_by"].string == "mgr")
            #expect(detail["status"].string == "success")
            #expect(detail["success_time"].int ?? 0 > 0)
            let logs = try await app.call(.get, "\(aslan)/logs").json["list"].array
            #expect(logs.filter { ["重试", "跳过"].contains($0["verb"].string ?? "") }.map { $0["target_name"].string } == ["ship", "announce"])
            #expect(logs.last?["after"].string == "success")
            let late = try await app.call(.post, "\(aslan)/skip", as: plan.manager, body: #"{"id":"\#(plan.text)","type":"text"}"#)
            #expect(late.json["description"].string == "plan status is success, can not skip")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aFailedWorkflowJobMayBeSkipped(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let plan = try await Self.executingPlan(app, script: "exit 4")
            let aslan = "/api/aslan/release_plan/v1/\(plan.id)"
            #expect(try await app.call(.post, "\(aslan)/execute", as: plan.manager, body: #"{"id":"\#(plan.workflow)","type":"workflow"}"#).status == .ok)
            try await app.waitForReleasePlan(plan.id) { $0["jobs"][1]["status"].string == "failed" }
            #expect(try await app.call(.post, "\(aslan)/execute", as: plan.manager, body: #"{"id":"\#(plan.text)","type":"text"}"#).status == .ok)
            #expect(try await app.releasePlan(plan.id)["status"].string == "executing", "a failed job keeps the plan executing")
            #expect(try await app.call(.post, "\(aslan)/skip", as: plan.manager, body: #"{"id":"\#(plan.workflow)","type":"workflow"}"#).status == .ok)
            let detail = try await app.releasePlan(plan.id)
            #expect(detail["jobs"][1]["status"].string == "skipped")
            #expect(detail["status"].string == "success")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badInputAndWhoMaySkipOrRetry(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let plan = try await Self.executingPlan(app, script: "true")
            let aslan = "/api/aslan/release_plan/v1/\(plan.id)"
            let (_, outsiderToken) = try await app.makeUser("outsider")
            let readOnly = try await app.makeMember("reader")
            let skip = #"{"id":"\#(plan.text)","type":"text"}"#
            for verb in ["skip", "retry"] {
                let uri = "\(aslan)/\(verb)"
                #expect(try await app.call(.post, uri, auth: .anonymous, body: skip).status == .unauthorized)
                for token in [outsiderToken, readOnly] {
                    let refused = try await app.call(.post, uri, as: token, body: skip)
                    #expect(refused.status == .forbidden, "\(verb): \(refused.text)")
                    #expect(refused.text.isEmpty)
                }
                for (payload, description) in [
                    ("{", nil), (#"{"type":"text"}"#, nil), (#"{"id":"\#(plan.text)","type":"docker"}"#, "invalid release job type: docker"),
                    (#"{"id":"nope","type":"workflow"}"#, nil),
                ] {
                    let bad = try await app.call(.post, uri, as: plan.manager, body: payload)
                    #expect([.badRequest, .notFound].contains(bad.status), "\(verb) \(payload): \(bad.text)")
                    #expect(bad.json["type"].string == "error" && bad.json["code"].int != nil && bad.json["extra"].exists, "\(bad.text)")
                    if let description { #expect(bad.json["description"].string == description) }
                }
                #expect(try await app.call(.post, "/api/aslan/release_plan/v1/000000000000000000000000/\(verb)", body: skip).status == .notFound)
            }
            let textRetry = try await app.call(.post, "\(aslan)/retry", as: plan.manager, body: skip)
            #expect(textRetry.json["description"].string == "text release job does not support retry")
            // Nothing changed.
            let detail = try await app.releasePlan(plan.id)
            #expect(detail["jobs"].array.map { $0["status"].string } == ["todo", "todo"])
            #expect(detail["status"].string == "executing")
        }
    }
}
