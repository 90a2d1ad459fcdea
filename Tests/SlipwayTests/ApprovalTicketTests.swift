import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// Pre-approval tickets gate workflows with `enable_approval_ticket`.
@Suite struct ApprovalTicketTests {
    @Test(arguments: StoreKind.enabled)
    func ticketsGateTaskCreation(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("demo")
            let ops = User(uid: TokenSecret.uuid(), account: "ops", name: "Ops", email: "ops@example.com", isAdmin: true)
            try await app.store.users.create(ops)
            let opsToken = try await app.store.tokens.issue(userUID: ops.uid, name: "t").secret
            let created = try await app.call(
                .post, "/api/aslan/workflow/v4",
                body: """
                    {"name":"guarded","display_name":"g","project":"demo","concurrency_limit":-1,"enable_approval_ticket":true,
                     "stages":[{"name":"s","jobs":[\(Harness.shellJob("x", "echo ok"))]}]}
                    """)
            #expect(created.status == .ok)
            func run(_ ticket: String?, as token: String) async throws -> Reply {
                let field = ticket.map { #","approval_ticket_id":"\#($0)""# } ?? ""
                return try await app.call(
                    .post, "/openapi/workflows/custom/task", auth: .bearer(token),
                    body: #"{"project_key":"demo","workflow_key":"guarded","inputs":[]\#(field)}"#)
            }
            let none = try await run(nil, as: opsToken)
            #expect(none.json["code"].int == 6160)
            #expect(none.json["description"].string == "workflow task creation denied: approval_ticket_id is required")
            #expect(try await run("CR-1", as: opsToken).json["description"].string == "workflow task creation denied: ticket CR-1 not found")

            let now = Int(Date().timeIntervalSince1970)
            let ticket = try await app.call(
                .post, "/openapi/ticket/approval",
                body: """
                    {"project_key":"demo","approval_id":"CR-1","status":1,"envs":["prod"],"services":[{"service_name":"web","service_module":"web"}],
                     "users":[{"name":"Ops","email":"ops@example.com"}],"execution_window_start":\(now - 60),"execution_window_end":\(now + 3600)}
                    """)
            #expect(ticket.status == .ok, "\(ticket.text)")
            // Issue 10.15 changes the answer to the documented one, with "code":1.
            #expect(ticket.json == JSON(#"{"code":1,"message":"success"}"#))
            let allowed = try await run("CR-1", as: opsToken)
            #expect(allowed.status == .ok, "\(allowed.text)")
            let id = try #require(allowed.json["task_id"].int)
            let done = try await app.waitFor("guarded", id)
            #expect(done["approval_ticket_id"].string == "CR-1")
            #expect(done["status"].string == "passed")

            let notListed = try await run("CR-1", as: app.adminToken)
            #expect(notListed.json["description"].string == "workflow task creation denied: user admin is not on ticket CR-1")
            _ = try await app.call(
                .post, "/openapi/ticket/approval",
                body: """
                    {"project_key":"demo","approval_id":"CR-2","status":1,"execution_window_start":\(now - 7200),"execution_window_end":\(now - 3600)}
                    """)
            #expect(try await run("CR-2", as: opsToken).json["description"].string == "workflow task creation denied: ticket CR-2 execution window has ended")
            _ = try await app.call(.post, "/openapi/ticket/approval", body: #"{"project_key":"demo","approval_id":"CR-3","status":0}"#)
            #expect(try await run("CR-3", as: opsToken).json["description"].string == "workflow task creation denied: ticket CR-3 is not valid")

            let unknown = try await app.call(.post, "/openapi/ticket/approval", body: #"{"project_key":"nope","approval_id":"X","status":1}"#)
            #expect(unknown.json["code"].int == 7100)
            let badStatus = try await app.call(.post, "/openapi/ticket/approval", body: #"{"project_key":"demo","approval_id":"X","status":7}"#)
            #expect(badStatus.status == .badRequest)
        }
    }
}
