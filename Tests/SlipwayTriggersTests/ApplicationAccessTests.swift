import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayServices
import SlipwayTriggers
import Testing

/// Who may create, change and dispatch Serverless Devs applications (issue 9, point 1): a user
/// with no role anywhere gets nothing, and nobody gains a role as a side effect.
@Suite(.serialized) struct ApplicationAccessTests {
    static let spec = #"{"github":{"events":[{"eventName":"push"}],"secret":"gh"}}"#

    func external(_ h: TriggerHarness, token: String? = nil) async throws -> Reply {
        try await h.api(
            .post, "/api/flow/application/create",
            """
            {"repo":"tool","owner":"acme","repo_url":"https://example.com/acme/tool.git","provider_repo_id":"9",
             "provider":"github","trigger_spec":\(Self.spec)}
            """, token: token)
    }

    func user(_ h: TriggerHarness, _ account: String) async throws -> (User, String) {
        let user = User(uid: UUID().uuidString, account: account, name: account, email: "\(account)@example.com")
        try await h.store.users.create(user)
        return (user, try await h.store.tokens.issue(userUID: user.uid, name: "t").secret)
    }

    func bindingCount(_ h: TriggerHarness, _ user: User, in projects: [String]) async throws -> Int {
        var count = 0
        for project in projects {
            count += try await h.store.roles.bindings(namespace: project).filter { $0.subject == .user(uid: user.uid) }.count
        }
        return count
    }

    @Test(arguments: TriggerStoreKind.enabled) func rolelessUserCannotCreateOrDispatch(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            let (mallory, token) = try await user(h, "mallory")

            // Before any project for external applications exists: refused, and none is created.
            let first = try await external(h, token: token)
            #expect(first.status == .forbidden, "\(first.text)")
            #expect(first.json["success"] == .bool(false))
            #expect(try await h.store.projects.get(key: ApplicationRunner.externalProject) == nil)

            // An administrator's application creates the shared project; the role-less user still gets 403.
            let adminApp = try await external(h)
            #expect(adminApp.status == .ok, "\(adminApp.text)")
            let second = try await external(h, token: token)
            #expect(second.status == .forbidden, "\(second.text)")
            #expect(try await h.store.serverlessApps.list(userID: mallory.uid).isEmpty)
            #expect(try await bindingCount(h, mallory, in: [ApplicationRunner.externalProject]) == 0)

            // Nor can they dispatch, change or cancel someone else's application.
            let id = try #require(adminApp.json["data"]["id"].string)
            for (path, body) in [
                ("dispatch/manual", #"{"appId":"\#(id)","ref":"main"}"#),
                ("application/update", #"{"id":"\#(id)","description":"mine"}"#),
                ("dispatch/redeploy", #"{"taskId":"\#(id)-1"}"#),
            ] {
                let reply = try await h.api(.post, "/api/flow/\(path)", body, token: token)
                #expect([.forbidden, .notFound].contains(reply.status), "\(path): \(reply.text)")
            }
            #expect(try await h.api(.get, "/api/flow/application/detail?id=\(id)").json["data"]["description"].string == "")
        }
    }

    @Test func membersNeedDeveloperAccessAndLoseItWithTheirRole() async throws {
        try await withTriggers { h in
            let depot = try await h.makeDepot(project: "team", name: "svc")
            _ = try await h.commit(depot, branch: "main", files: ["serverless-pipeline.yaml": "steps:\n  - run: echo deployed\n"])
            let (viewer, viewerToken) = try await user(h, "viewer")
            let (dev, devToken) = try await user(h, "dev")
            try await h.store.roles.addBindings(namespace: "team", role: Role.readOnly, subjects: [.user(uid: viewer.uid)])
            try await h.store.roles.addBindings(namespace: "team", role: Role.projectAdmin, subjects: [.user(uid: dev.uid)])

            // External repositories live in the shared project: its read-only member is refused, its developer is not.
            #expect(try await external(h).status == .ok)
            let shared = ApplicationRunner.externalProject
            try await h.store.roles.addBindings(namespace: shared, role: Role.readOnly, subjects: [.user(uid: viewer.uid)])
            try await h.store.roles.addBindings(namespace: shared, role: Role.projectAdmin, subjects: [.user(uid: dev.uid)])
            let refused = try await external(h, token: viewerToken)
            #expect(refused.status == .forbidden, "\(refused.text)")
            let created = try await external(h, token: devToken)
            #expect(created.status == .ok, "\(created.text)")
            let externalID = try #require(created.json["data"]["id"].string)
            #expect(try await h.store.workflows.get(key: "sdevs-app-\(externalID)")?.projectKey == shared)

            let hosted = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"team","repo_url":"http://x/team/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                """, token: devToken)
            let app = try #require(hosted.json["data"]["id"].string, "\(hosted.text)")
            let run = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#, token: devToken)
            #expect(run.status == .ok, "\(run.text)")
            #expect(try await h.waitForTask(Int64(app)!, 1).status == .passed)

            // Once the role is gone, the creator can no longer run, redeploy, change or remove it.
            try await h.store.roles.removeBinding(namespace: "team", role: Role.projectAdmin, subject: .user(uid: dev.uid))
            for (path, body) in [
                ("dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#),
                ("dispatch/redeploy", #"{"taskId":"\#(app)-1"}"#),
                ("application/update", #"{"id":"\#(app)","description":"x"}"#),
                ("application/remove", #"{"id":"\#(app)"}"#),
            ] {
                let reply = try await h.api(.post, "/api/flow/\(path)", body, token: devToken)
                #expect(reply.status == .forbidden, "\(path): \(reply.text)")
            }
            #expect(try await h.tasks(Int64(app)!).count == 1)
            #expect(try await bindingCount(h, viewer, in: ["team", ApplicationRunner.externalProject]) == 2)
        }
    }

    /// Every missing or invalid field in one answer; NUL characters and oversized bodies refused
    /// in the dialect's envelope (issue 10, points 5 and 10).
    @Test func createReportsEveryProblemAtOnce() async throws {
        try await withTriggers { h in
            let empty = try await h.api(.post, "/api/flow/application/create", "{}")
            #expect(empty.status == .badRequest)
            let message = empty.json["message"].string ?? ""
            for field in ["repo", "owner", "repo_url", "provider_repo_id", "provider", "trigger_spec"] {
                #expect(message.contains("\(field) is required"), "\(field): \(message)")
            }
            let typed = try await h.api(
                .post, "/api/flow/application/create",
                #"{"repo":1,"owner":"o","repo_url":"u","provider_repo_id":"1","provider":"github","trigger_spec":[],"secrets":{"bad name":"x"}}"#)
            let typedMessage = typed.json["message"].string ?? ""
            #expect(typedMessage.contains("repo must be a string"), "\(typedMessage)")
            #expect(typedMessage.contains("trigger_spec must be an object"), "\(typedMessage)")
            #expect(typedMessage.contains("secret names"), "\(typedMessage)")

            let nul = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"a\\u0000b","owner":"\\u0000","repo_url":"https://example.com/a.git","provider_repo_id":"1","provider":"github",
                 "trigger_spec":\(Self.spec)}
                """)
            #expect(nul.status == .badRequest, "\(nul.text)")
            #expect(nul.json["message"].string?.contains("NUL") == true, "\(nul.text)")
            #expect(try await h.store.serverlessApps.list(userID: nil).isEmpty)

            let huge = String(repeating: "x", count: 9 * 1024 * 1024)
            let large = try await h.api(.post, "/api/flow/application/create", #"{"description":"\#(huge)"}"#)
            #expect(large.status == .contentTooLarge)
            #expect(large.json["success"] == .bool(false), "\(large.text.prefix(200))")
        }
    }
}
