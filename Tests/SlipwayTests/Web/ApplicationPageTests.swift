import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import Testing

/// Issue 14: a hosted repository deployed by a Serverless Devs application, started by a push
/// (which the inbox stores as a delivery), for the application, delivery and project pages.
struct DeployedApplication: Sendable {
    let depotID: Int64
    let appID: Int64
    var workflowKey: String { "sdevs-app-\(appID)" }
    var page: String { "/ui/projects/demo/applications/\(appID)" }

    /// Project `demo` (hostile name), depot `svc`, an application on it with a hostile
    /// description, and a commit with a hostile message whose push runs task 1.
    static func make(_ app: Harness) async throws -> DeployedApplication {
        try await WebPageTests.makeProject(app)
        let described = try await app.call(
            .post, "/open-api?Action=DescribeProjectByName", auth: .codingToken(app.adminToken), body: #"{"ProjectName":"demo"}"#)
        let codingID = try #require(described.json["Response"]["Project"]["Id"].int, "\(described.text)")
        let depot = try await app.call(
            .post, "/open-api?Action=CreateGitDepot", auth: .codingToken(app.adminToken),
            body: #"{"ProjectId":\#(codingID),"DepotName":"svc"}"#)
        let depotID = Int64(try #require(depot.json["Response"]["DepotId"].int, "\(depot.text)"))
        let created = try await app.call(
            .post, "/api/flow/application/create", auth: .cdToken(app.adminToken),
            body: """
                {"repo":"svc","owner":"demo","repo_url":"http://x/demo/svc.git","provider_repo_id":"\(depotID)","provider":"coding",
                 "description":\(Harness.jsonString(WebPageTests.hostile)),"trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                """)
        let appID = Int64(try #require(created.json["data"]["id"].string, "\(created.text)")) ?? 0
        let pipeline = Harness.jsonString("steps:\n  - name: say\n    run: echo deployed\n")
        let files = try await app.call(
            .post, "/open-api?Action=CreateGitFiles", auth: .codingToken(app.adminToken),
            body: """
                {"DepotId":\(depotID),"Ref":"main","Message":\(Harness.jsonString(WebPageTests.hostile)),
                 "GitFiles":[{"Path":"serverless-pipeline.yaml","Content":\(pipeline)}]}
                """)
        #expect(!files.json["Response"]["Error"].exists, "\(files.text)")
        let deployed = DeployedApplication(depotID: depotID, appID: appID)
        _ = try await app.waitFor(deployed.workflowKey, 1)
        return deployed
    }

    /// The one stored delivery of the push.
    func delivery(_ app: Harness) async throws -> TriggerDeliverySummary {
        try #require(try await app.store.deliveries.list(provider: "internal", limit: 10).first)
    }
}

/// Issue 14: the application pages (list, one application with its tasks, a task with its
/// steps, redeploy) and the project page's repositories and applications.
@Suite struct ApplicationPageTests {
    @Test(arguments: StoreKind.enabled)
    func theOwnerSeesTasksStepsAndTriggersAndRedeploys(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let deployed = try await DeployedApplication.make(app)
            let delivery = try await deployed.delivery(app)
            var browser = try await app.adminBrowser()

            let project = try await browser.get("/ui/projects/demo")
            #expect(project.text.contains(#"<a href="/ui/projects/demo/repos/svc">svc</a>"#), "\(project.text)")
            #expect(project.text.contains(#"<a href="\#(deployed.page)">demo/svc</a>"#))
            #expect(project.text.contains(WebPageTests.escaped) && !project.text.contains("<script>"))

            let list = try await browser.get("/ui/applications")
            #expect(list.status == .ok)
            #expect(list.text.contains(#"href="\#(deployed.page)""#) && list.text.contains(WebPageTests.escaped))

            let page = try await browser.get(deployed.page)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"href="\#(deployed.page)/tasks/1">\#(deployed.appID)-1</a>"#), "\(page.text)")
            #expect(page.text.contains(#"<a href="/ui/deliveries/\#(delivery.id)">webhook (push)</a>"#))
            #expect(page.text.contains(WebPageTests.escaped) && !page.text.contains("<script>"), "hostile description and commit message")

            let task = try await browser.get("\(deployed.page)/tasks/1")
            #expect(task.status == .ok)
            #expect(task.text.contains("<td>say</td><td><span class=\"status\">success</span></td>"), "\(task.text)")
            #expect(task.text.contains("/tasks/1/redeploy\""))
            #expect(task.text.contains(#"action="/ui/deliveries/\#(delivery.id)/replay""#))
            #expect(!task.text.contains("<script>"))

            let redeployed = try await browser.post("\(deployed.page)/tasks/1/redeploy", [])
            #expect(redeployed.status == .seeOther, "\(redeployed.text)")
            #expect(redeployed.headers[.location] == "\(deployed.page)/tasks/2")
            _ = try await app.waitFor(deployed.workflowKey, 2)
            let runs = try await browser.get("/ui/projects/demo/workflows/\(deployed.workflowKey)")
            #expect(runs.text.contains("<td>redeploy of \(deployed.appID)-1</td>"), "\(runs.text)")
            #expect(runs.text.contains(#"<a href="/ui/deliveries/\#(delivery.id)">webhook (push)</a>"#))

            // The same entry as the Serverless Devs API's redeploy, but for the method.
            let api = try await app.call(
                .post, "/api/flow/dispatch/redeploy", auth: .cdToken(app.adminToken), body: #"{"taskId":"\#(deployed.appID)-1"}"#)
            #expect(api.status == .ok, "\(api.text)")
            _ = try await app.waitFor(deployed.workflowKey, 3)
            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.function == "dispatch/redeploy" }
            #expect(logs.map(\.method).sorted() == ["Serverless Devs", "Web"])
            #expect(Set(logs.map(\.detail)) == ["\(deployed.appID)-1"] && Set(logs.map(\.projectKey)) == ["demo"])
            #expect(Set(logs.map(\.username)) == ["admin"])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func othersSeeNothingAndReadOnlyMembersCannotRedeploy(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let deployed = try await DeployedApplication.make(app)
            var signedOut = WebBrowser(app)
            let away = try await signedOut.get(deployed.page)
            #expect(away.status == .seeOther)
            #expect(away.headers[.location]?.hasPrefix("/ui/sign-in?next=") == true)

            try await app.makeWebUser("outsider")
            _ = try await app.makeMember("reader")
            let reader = try #require(try await app.store.users.find(account: "reader"))
            try await app.store.passwords.set(userUID: reader.uid, hash: PasswordHasher.hash("correct horse"))
            for account in ["outsider", "reader"] {
                var browser = WebBrowser(app)
                try await browser.signIn(account, "correct horse")
                for path in [deployed.page, "\(deployed.page)/tasks/1", "/ui/projects/other/applications/\(deployed.appID)"] {
                    let page = try await browser.get(path)
                    #expect(page.status == .notFound, "\(account) \(path): \(page.status)")
                    #expect(!page.text.contains(WebPageTests.escaped))
                }
                #expect(!(try await browser.get("/ui/applications")).text.contains(deployed.page))
                let redeploy = try await browser.post("\(deployed.page)/tasks/1/redeploy", [])
                #expect(redeploy.status == .notFound, "\(account): \(redeploy.status)")
            }
            // The reader sees the project, but not the application they do not own.
            var reading = WebBrowser(app)
            try await reading.signIn("reader", "correct horse")
            let project = try await reading.get("/ui/projects/demo")
            #expect(project.status == .ok)
            #expect(project.text.contains("/ui/projects/demo/repos/svc") && !project.text.contains(deployed.page))
            #expect(try await app.store.tasks.summaries(workflowKey: deployed.workflowKey, page: 1, pageSize: 10).total == 1)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func anOwnerDemotedToReadOnlySeesTheTaskButCannotRedeploy(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let deployed = try await DeployedApplication.make(app)
            let token = try await app.makeMember("dev", presetRole: Role.projectAdmin)
            let dev = try #require(try await app.store.users.find(account: "dev"))
            try await app.store.passwords.set(userUID: dev.uid, hash: PasswordHasher.hash("correct horse"))
            let created = try await app.call(
                .post, "/api/flow/application/create", auth: .cdToken(token),
                body: """
                    {"repo":"svc","owner":"demo","repo_url":"http://x/demo/svc.git","provider_repo_id":"\(deployed.depotID)","provider":"coding",
                     "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                    """)
            let id = try #require(created.json["data"]["id"].string, "\(created.text)")
            let manual = try await app.call(.post, "/api/flow/dispatch/manual", auth: .cdToken(token), body: #"{"appId":"\#(id)","ref":"main"}"#)
            #expect(manual.status == .ok, "\(manual.text)")
            _ = try await app.waitFor("sdevs-app-\(id)", 1)
            try await app.store.roles.replaceBindings(namespace: "demo", subject: .user(uid: dev.uid), roles: [Role.readOnly])

            var browser = WebBrowser(app)
            try await browser.signIn("dev", "correct horse")
            let page = "/ui/projects/demo/applications/\(id)"
            let task = try await browser.get("\(page)/tasks/1")
            #expect(task.status == .ok, "the owner still sees it")
            #expect(task.text.contains("manual · Started by: dev"), "\(task.text)")
            #expect(!task.text.contains("/redeploy\""), "no redeploy form")
            let redeploy = try await browser.post("\(page)/tasks/1/redeploy", [])
            #expect(redeploy.status == .forbidden, "\(redeploy.status)")
            #expect(try await app.store.tasks.summaries(workflowKey: "sdevs-app-\(id)", page: 1, pageSize: 10).total == 1)
            #expect(!(try await browser.get("/ui/applications")).text.contains(deployed.page), "not the admin's application")
        }
    }
}
