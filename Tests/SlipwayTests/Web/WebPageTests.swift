import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import Testing

/// Issue 14 points 2 and 4: the home, project, workflow and run pages, their permissions, and
/// hostile text escaped everywhere it appears.
@Suite struct WebPageTests {
    static let hostile = #"<script>alert("x")</script> & 'q'"#
    static let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"

    static func approvalJob(_ name: String, users: [String]) -> String {
        let list = users.map { #"{"user_name":"\#($0)"}"# }.joined(separator: ",")
        return """
            {"name":"\(name)","type":"approval","spec":{"type":"native","description":"ship it?",
             "native_approval":{"approve_users":[\(list)],"needed_approvers":1,"timeout":60}}}
            """
    }

    /// A project named with markup (key `demo`).
    static func makeProject(_ app: Harness) async throws {
        let project = try await app.call(
            .post, "/openapi/projects/project",
            body: """
                {"project_name":\(Harness.jsonString(hostile)),"project_key":"demo","is_public":false,"description":\(Harness.jsonString(hostile)),"project_type":"yaml"}
                """)
        #expect(project.status == .ok, "\(project.text)")
    }

    /// In that project, a workflow whose display name, description and parameter are hostile,
    /// with a job and an approval gate.
    static func makeGatedWorkflow(_ app: Harness) async throws {
        try await makeProject(app)
        let reply = try await app.call(
            .post, "/api/aslan/workflow/v4",
            body: """
                {"name":"gated","display_name":\(Harness.jsonString(hostile)),"project":"demo","concurrency_limit":-1,"description":\(Harness.jsonString(hostile)),
                 "params":[{"name":"who","type":"string","value":"world","description":\(Harness.jsonString(hostile))}],
                 "stages":[\(Harness.stage("build", jobs: [Harness.shellJob("hello", "echo \"hello {{.workflow.params.who}}\"")])),
                           \(Harness.stage("ship", jobs: [approvalJob("gate", users: ["admin"])]))]}
                """)
        #expect(reply.status == .ok, "\(reply.text)")
    }

    @Test(arguments: StoreKind.enabled)
    func hostileTextIsEscapedOnEveryPage(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await Self.makeGatedWorkflow(app)
            let id = try await app.run("gated")
            var browser = try await app.adminBrowser()
            for path in ["/", "/ui/projects/demo", "/ui/projects/demo/workflows/gated", "/ui/projects/demo/workflows/gated/runs/\(id)"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.text.contains(Self.escaped), "\(path)")
                #expect(!page.text.contains("<script>"), "\(path)")
            }
            try await app.engine.cancel(workflowKey: "gated", taskID: id, by: "admin")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func runWithAParameterApproveAndReadTheLog(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await Self.makeGatedWorkflow(app)
            var browser = try await app.adminBrowser()
            let page = try await browser.get("/ui/projects/demo/workflows/gated")
            #expect(page.text.contains(#"<label for="param-who">who"#))
            #expect(page.text.contains(#"name="param.who" value="world""#))
            let started = try await browser.post("/ui/projects/demo/workflows/gated/run", [("param.who", "web & <friends>")])
            #expect(started.status == .seeOther, "\(started.text)")
            let location = try #require(started.headers[.location])
            #expect(location == "/ui/projects/demo/workflows/gated/runs/1")
            try await app.waitFor("gated", 1) { $0["stages"][1]["jobs"][0]["status"].string == "wait_for_approval" }

            let home = try await browser.get("/")
            #expect(home.text.contains("gated/runs/1\">"), "the approval waits for admin on the home page")
            let run = try await browser.get(location)
            #expect(run.text.contains(#"data-log-src="/api/aslan/logs/sse/v4/workflow/gated/1/hello/100000""#))
            #expect(run.text.contains(#"<script src="/ui/assets/live-log.js" defer></script>"#))
            #expect(run.text.contains(#"name="decision" value="approve""#))
            #expect(run.text.contains("waiting for approval by admin"), "the pending reason")

            let decided = try await browser.post(location + "/approve", [("name", "gate"), ("decision", "approve"), ("comment", "ship <it>")])
            #expect(decided.status == .seeOther, "\(decided.text)")
            let done = try await app.waitFor("gated", 1)
            #expect(done["status"].string == "passed")
            #expect(done["stages"][1]["jobs"][0]["approval"]["approve_users"][0]["comment"].string == "ship <it>")

            // The job's log through the API's event stream, with the browser's session as credential.
            let stream = try await browser.get("/api/aslan/logs/sse/v4/workflow/gated/1/hello/100")
            #expect(stream.status == .ok)
            #expect(stream.text.contains("data:hello web & <friends>"))
            let list = try await browser.get("/ui/projects/demo/workflows/gated")
            #expect(list.text.contains("status-passed"))
            #expect(list.text.contains("<td>admin</td>"))

            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.method == "Web" }
            #expect(logs.map(\.detail).sorted() == ["approve gated #1 gate", "gated"])
            #expect(logs.allSatisfy { $0.projectKey == "demo" && $0.username == "admin" })
        }
    }

    @Test(arguments: StoreKind.enabled)
    func nonMembersSeeNothingOfAProject(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await Self.makeGatedWorkflow(app)
            let id = try await app.run("gated")
            try await app.makeWebUser("outsider")
            var browser = WebBrowser(app)
            try await browser.signIn("outsider", "correct horse")
            #expect(!(try await browser.get("/")).text.contains(Self.escaped))
            let base = "/ui/projects/demo/workflows/gated"
            for path in ["/ui/projects/demo", base, "\(base)/runs/\(id)", "/ui/projects/nope"] {
                let page = try await browser.get(path)
                #expect(page.status == .forbidden || page.status == .notFound, "\(path): \(page.status)")
                #expect(!page.text.contains(Self.escaped) && !page.text.contains("hello"), "\(path)")
            }
            for action in ["run", "runs/\(id)/cancel", "runs/\(id)/retry", "runs/\(id)/approve"] {
                let reply = try await browser.post("\(base)/\(action)", [("name", "gate"), ("decision", "approve")])
                #expect(reply.status == .forbidden || reply.status == .notFound, "\(action): \(reply.status)")
            }
            #expect(try await app.store.tasks.summaries(workflowKey: "gated", page: 1, pageSize: 10).total == 1)
            #expect(try await browser.get("/api/aslan/logs/log/v4/workflow/gated/\(id)/hello").status == .forbidden)
            try await app.engine.cancel(workflowKey: "gated", taskID: id, by: "admin")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func readOnlyMembersCannotRunApproveOrCancel(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await Self.makeGatedWorkflow(app)
            let token = try await app.makeMember("reader")
            _ = token
            let reader = try #require(try await app.store.users.find(account: "reader"))
            try await app.store.passwords.set(userUID: reader.uid, hash: PasswordHasher.hash("correct horse"))
            let id = try await app.run("gated")
            try await app.waitFor("gated", id) { $0["stages"][1]["jobs"][0]["status"].string == "wait_for_approval" }
            var browser = WebBrowser(app)
            try await browser.signIn("reader", "correct horse")
            let base = "/ui/projects/demo/workflows/gated"
            let workflow = try await browser.get(base)
            #expect(workflow.status == .ok)
            #expect(!workflow.text.contains("/run\""), "no run form")
            let run = try await browser.get("\(base)/runs/\(id)")
            #expect(run.status == .ok)
            #expect(!run.text.contains("/cancel\"") && !run.text.contains("name=\"decision\""), "no cancel or approve form")
            #expect(try await browser.post("\(base)/run", [("param.who", "x")]).status == .forbidden)
            #expect(try await browser.post("\(base)/runs/\(id)/cancel", []).status == .forbidden)
            let approve = try await browser.post("\(base)/runs/\(id)/approve", [("name", "gate"), ("decision", "approve")])
            #expect(approve.status == .conflict, "not an approver")
            #expect(try await app.task("gated", id)["status"].string != "passed")
            #expect(try await app.store.tasks.summaries(workflowKey: "gated", page: 1, pageSize: 10).total == 1)
            try await app.engine.cancel(workflowKey: "gated", taskID: id, by: "admin")
        }
    }
}
