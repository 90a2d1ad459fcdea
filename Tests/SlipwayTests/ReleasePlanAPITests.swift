import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayStore
import Testing

/// Zadig §9 release plans: create, list, detail, the whole-plan PATCH with jobs, history and
/// deletion; bad calls in Zadig's envelope; who may do what.
@Suite struct ReleasePlanAPITests {
    @Test(arguments: StoreKind.enabled)
    func plansRoundTrip(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (manager, _) = try await app.makeUser("mgr")
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "true")])])
            let first = try await app.makeReleasePlan()
            #expect(first.count == 24 && first.allSatisfy(\.isHexDigit))
            let second = try await app.makeReleasePlan(Harness.releasePlanBody("r2"))
            let list = try await app.call(.get, "/openapi/release_plan/v1?pageNum=1&pageSize=1").json
            #expect(list["total"].int == 2)
            #expect(list["list"].array.count == 1)
            #expect(list["list"][0]["id"].string == second)
            #expect(list["list"][0]["index"].int == 2)
            #expect(list["list"][0]["manager"].string == "mgr")
            #expect(list["list"][0]["created_by"].string == "admin")
            #expect(list["list"][0]["description"].string == "release r2")
            #expect(list["list"][0]["create_time"].int ?? 0 > 1_700_000_000)
            #expect(!list["list"][0]["jobs"].exists)
            #expect(try await app.call(.get, "/openapi/release_plan/v1?pageNum=2&pageSize=1").json["list"][0]["id"].string == first)

            var detail = try await app.releasePlan(first)
            #expect(detail["status"].string == "planning")
            #expect(detail["manager_id"].string == manager.uid)
            #expect(detail["jobs"].array.isEmpty)
            let patched = try await app.call(
                .patch, "/openapi/release_plan/v1/\(first)", body: Harness.releasePlanBody("r1b", jobs: Harness.releaseJobs()))
            #expect(patched.json == JSON(#"{"message":"success"}"#), "\(patched.text)")
            detail = try await app.releasePlan(first)
            #expect(detail["name"].string == "r1b")
            #expect(detail["jobs"].array.map { $0["type"].string } == ["text", "workflow"])
            #expect(detail["jobs"][0]["spec"]["content"].string == "tell the team")
            #expect(detail["jobs"][1]["spec"]["workflow_key"].string == "deploy")
            #expect(detail["jobs"][1]["status"].string == "todo")
            let ids = detail["jobs"].array.map { $0["id"].string }
            // A second PATCH keeps the ids of jobs of the same type and name.
            #expect(
                try await app.call(.patch, "/openapi/release_plan/v1/\(first)", body: Harness.releasePlanBody("r1b", jobs: Harness.releaseJobs())).status == .ok
            )
            #expect(try await app.releasePlan(first)["jobs"].array.map { $0["id"].string } == ids)
            let logs = try await app.call(.get, "/api/aslan/release_plan/v1/\(first)/logs").json["list"].array
            #expect(logs.map { $0["verb"].string } == ["新建", "更新", "更新"])
            #expect(logs.allSatisfy { $0["username"].string == "admin" })

            #expect(try await app.call(.delete, "/api/aslan/release_plan/v1/\(second)").status == .ok)
            #expect(try await app.call(.get, "/openapi/release_plan/v1/\(second)").status == .notFound)
            #expect(try await app.call(.get, "/openapi/release_plan/v1?pageNum=1&pageSize=10").json["total"].int == 1)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badCallsAnswerInZadigsEnvelope(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (_, managerToken) = try await app.makeUser("mgr")
            _ = try await app.makeUser("alice")
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "true")])])
            func expect(_ reply: Reply, _ status: HTTPResponse.Status, _ description: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
                #expect(reply.json["type"].string == "error", sourceLocation: sourceLocation)
                #expect(reply.json["description"].string == description, "\(reply.text)", sourceLocation: sourceLocation)
            }
            let plans = "/openapi/release_plan/v1"
            expect(try await app.call(.get, "\(plans)?pageSize=10"), .badRequest, "pageNum is required")
            expect(try await app.call(.get, "\(plans)?pageNum=1&pageSize=x"), .badRequest, "pageSize must be an integer")
            expect(try await app.call(.post, plans, body: #"{"manager":"mgr"}"#), .badRequest, "Required parameters are missing")
            let malformed = try await app.call(.post, plans, body: "{")
            #expect(malformed.status == .badRequest && malformed.json["type"].string == "error", "\(malformed.text)")
            expect(try await app.call(.post, plans, body: #"{"name":7,"manager":"mgr"}"#), .badRequest, "name: expected a string")
            expect(try await app.call(.post, plans, body: Harness.releasePlanBody(manager: "nobody")), .badRequest, "User nobody not found")
            expect(
                try await app.call(.post, plans, body: #"{"name":"r","manager":"mgr","start_time":20,"end_time":10}"#), .badRequest,
                "lint release time range error: start time should not be greater than end time")
            expect(
                try await app.call(.post, plans, body: Harness.releasePlanBody(approvers: ["alice"], needed: 2)), .badRequest,
                "lintApproval error: all approve users should not less than needed approvers")
            expect(
                try await app.call(.post, plans, body: #"{"name":"r","manager":"mgr","approval":{"enabled":true,"type":"lark"}}"#), .badRequest,
                "lintApproval error: approval type lark is not supported (only native approval)")
            expect(try await app.call(.post, plans, body: Harness.releasePlanBody(approvers: ["ghost"])), .badRequest, "approve user ghost not found")
            expect(try await app.call(.get, "\(plans)/0123456789abcdef01234567"), .notFound, "release plan 0123456789abcdef01234567 not found")

            let id = try await app.makeReleasePlan()
            expect(
                try await app.call(.patch, "\(plans)/\(id)", body: Harness.releasePlanBody(jobs: Harness.releaseJobs(workflow: "missing"))),
                .badRequest, "cannot find workflow missing in project demo")
            expect(
                try await app.call(.patch, "\(plans)/\(id)", body: Harness.releasePlanBody(jobs: #"[{"name":"x","type":"shell","spec":{}}]"#)),
                .badRequest, "jobs[0].type: invalid release job type: shell")
            expect(
                try await app.call(.patch, "\(plans)/\(id)", body: Harness.releasePlanBody(jobs: #"[{"name":"x","type":"workflow","spec":{}}]"#)),
                .badRequest, "jobs[0].spec: workflow_key and project_key are required")
            let inputs = #"[{"name":"x","type":"workflow","spec":{"workflow_key":"deploy","project_key":"demo","inputs":[{"job_name":"nope"}]}}]"#
            expect(try await app.call(.patch, "\(plans)/\(id)", body: Harness.releasePlanBody(jobs: inputs)), .badRequest, "workflow deploy has no job nope")

            let aslan = "/api/aslan/release_plan/v1/\(id)"
            expect(try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken), .badRequest, "plan must not have no jobs")
            expect(try await app.moveReleasePlan(id, to: "bogus", as: managerToken), .badRequest, "unknown release plan status bogus")
            expect(try await app.moveReleasePlan(id, to: "planning", as: managerToken), .badRequest, "current status can not equal to target status planning")
            expect(try await app.moveReleasePlan(id, to: "executing", as: managerToken), .badRequest, "can't convert plan status planning to executing")
            #expect(try await app.call(.patch, "\(plans)/\(id)", body: Harness.releasePlanBody(jobs: Harness.releaseJobs())).status == .ok)
            expect(
                try await app.call(.post, "\(aslan)/execute", as: managerToken, body: #"{"id":"x","type":"text"}"#), .badRequest,
                "plan status is planning, can not execute")
            #expect(try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken).status == .ok)
            expect(
                try await app.moveReleasePlan(id, to: "wait_for_approval", as: managerToken), .badRequest,
                "createApprovalInstance: approval data not found")
            expect(
                try await app.moveReleasePlan(id, to: "wait_for_execute_external_check", as: managerToken), .badRequest,
                "release plan external checks are not configured: status wait_for_execute_external_check is not reachable")
            #expect(try await app.moveReleasePlan(id, to: "executing", as: managerToken).status == .ok)
            expect(
                try await app.call(.patch, "\(plans)/\(id)", body: Harness.releasePlanBody(jobs: Harness.releaseJobs())), .badRequest,
                "release plan status is success, executing or wait for approve, can't update")
            expect(try await app.call(.post, "\(aslan)/execute", as: managerToken, body: #"{"id":"x","type":"text"}"#), .notFound, "job x not found")
            let text = try #require(try await app.releasePlan(id)["jobs"][0]["id"].string)
            expect(
                try await app.call(.post, "\(aslan)/execute", as: managerToken, body: #"{"id":"\#(text)","type":"workflow"}"#), .badRequest,
                "invalid release job type: workflow")
            expect(try await app.call(.post, "\(aslan)/execute", as: managerToken, body: #"{"type":"text"}"#), .badRequest, "id: required field is missing")
            expect(
                try await app.call(.post, "\(aslan)/approve", body: #"{"approve":true}"#), .badRequest,
                "plan status is executing, can not approve")
            expect(
                try await app.call(.delete, "/api/aslan/release_plan/v1/0123456789abcdef01234567"), .notFound, "release plan 0123456789abcdef01234567 not found"
            )
        }
    }
}
