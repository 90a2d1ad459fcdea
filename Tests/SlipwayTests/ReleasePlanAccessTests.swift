import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayStore
import Testing

/// Who may do what to a release plan: administrators write plans, the manager moves and executes
/// them, approvers vote; the users taking part read them; anyone else is refused, and every route
/// wants a token.
@Suite struct ReleasePlanAccessTests {
    @Test(arguments: StoreKind.enabled)
    func eachRoleMayDoItsPartOnly(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "true")])])
            let (_, managerToken) = try await app.makeUser("mgr")
            let (_, aliceToken) = try await app.makeUser("alice")
            let (_, outsiderToken) = try await app.makeUser("outsider")
            // A project member is no more part of a plan than anyone else.
            let memberToken = try await app.makeMember("member", actions: ["get_workflow", "run_workflow"])
            let body = Harness.releasePlanBody(approvers: ["alice"], jobs: Harness.releaseJobs())
            let id = try await app.makeReleasePlan(body)
            #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: body).status == .ok)
            let textJob = try #require(try await app.releasePlan(id)["jobs"][0]["id"].string)
            let aslan = "/api/aslan/release_plan/v1/\(id)"
            let routes: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/openapi/release_plan/v1?pageNum=1&pageSize=10", nil), (.get, "/openapi/release_plan/v1/\(id)", nil),
                (.post, "/openapi/release_plan/v1", Harness.releasePlanBody("other")), (.patch, "/openapi/release_plan/v1/\(id)", body),
                (.get, "\(aslan)/logs", nil), (.post, "\(aslan)/status/finish_planning", nil), (.post, "\(aslan)/approve", #"{"approve":true}"#),
                (.post, "\(aslan)/execute", #"{"id":"\#(textJob)","type":"text"}"#), (.delete, aslan, nil),
            ]
            for (method, uri, payload) in routes {
                #expect(try await app.call(method, uri, auth: .anonymous, body: payload).status == .unauthorized, "\(method) \(uri)")
            }
            for token in [outsiderToken, memberToken] {
                for (method, uri, payload) in routes.dropFirst() {
                    let refused = try await app.call(method, uri, as: token, body: payload)
                    #expect(refused.status == .forbidden, "\(method) \(uri): \(refused.text)")
                    #expect(refused.text.isEmpty)
                }
                // The list answers, without the plans they take no part in.
                let list = try await app.call(.get, "/openapi/release_plan/v1?pageNum=1&pageSize=10", as: token).json
                #expect(list["total"].int == 0 && list["list"].array.isEmpty, "\(list)")
            }
            // Manager and approver read the plan and its history, and see it listed; neither writes plans.
            for token in [managerToken, aliceToken] {
                #expect(try await app.call(.get, "/openapi/release_plan/v1?pageNum=1&pageSize=10", as: token).json["list"][0]["id"].string == id)
                #expect(try await app.call(.get, "/openapi/release_plan/v1/\(id)", as: token).status == .ok)
                #expect(try await app.call(.get, "\(aslan)/logs", as: token).status == .ok)
                #expect(try await app.call(.post, "/openapi/release_plan/v1", as: token, body: Harness.releasePlanBody("mine")).status == .forbidden)
                #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", as: token, body: body).status == .forbidden)
                #expect(try await app.call(.delete, aslan, as: token).status == .forbidden)
            }
            // Only the manager (or an administrator) moves the plan on and executes; only approvers vote.
            #expect(try await app.moveReleasePlan(id, to: "finish_planning", as: aliceToken).status == .forbidden)
            #expect(try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken).status == .ok)
            #expect(try await app.moveReleasePlan(id, to: "wait_for_approval", as: app.adminToken).status == .ok)
            let notApprover = try await app.call(.post, "\(aslan)/approve", as: managerToken, body: #"{"approve":true}"#)
            #expect(notApprover.json["description"].string == "user mgr has no authority to Approve", "\(notApprover.text)")
            #expect(try await app.call(.post, "\(aslan)/approve", as: aliceToken, body: #"{"approve":true}"#).status == .ok)
            let execute = #"{"id":"\#(textJob)","type":"text"}"#
            #expect(try await app.call(.post, "\(aslan)/execute", as: aliceToken, body: execute).status == .forbidden)
            #expect(try await app.call(.post, "\(aslan)/execute", as: managerToken, body: execute).status == .ok)
            // Plans are the administrators': deleting takes the history along.
            #expect(try await app.call(.delete, aslan).status == .ok)
            #expect(try await app.store.releasePlans.logs(of: id).isEmpty)
        }
    }
}
