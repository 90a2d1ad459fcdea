import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import SlipwayStore
import Testing

/// Issue 14: the administration pages (users, groups, every API token, plugins, agents), for
/// system administrators only, with hostile names escaped and secrets never rendered.
@Suite struct AdminPageTests {
    static let pages = ["/ui/admin", "/ui/admin/users", "/ui/admin/groups", "/ui/admin/tokens", "/ui/admin/plugins", "/ui/admin/agents"]

    @Test(arguments: StoreKind.enabled)
    func onlySystemAdministratorsReachThem(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var signedOut = WebBrowser(app)
            for path in Self.pages {
                let page = try await signedOut.get(path)
                #expect(page.status == .seeOther && page.headers[.location]?.hasPrefix("/ui/sign-in?next=") == true, "\(path)")
            }
            let (user, token) = try await app.makeWebUser("plain")
            var browser = WebBrowser(app)
            try await browser.signIn("plain", "correct horse")
            let home = try await browser.get("/")
            #expect(!home.text.contains("/ui/admin\""), "no admin link for others")
            for path in Self.pages + ["/ui/admin/groups/all-users"] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            let added = try await browser.post("/ui/admin/users", [("account", "sneaky"), ("password", "long enough pw")])
            #expect(added.status == .notFound)
            #expect(try await app.store.users.find(account: "sneaky") == nil)
            let admin = try #require(try await app.store.users.find(account: "admin"))
            let adminToken = try #require(try await app.store.tokens.list(userUID: admin.uid).first)
            #expect(try await browser.post("/ui/admin/tokens/\(adminToken.id)/revoke", []).status == .notFound)
            #expect(try await app.store.tokens.list(userUID: admin.uid).count == 1)
            #expect(try await browser.post("/ui/admin/agents", [("name", "builder")]).status == .notFound)
            #expect(try await app.store.agents.list().isEmpty)
            _ = (user, token)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func usersAreAddedWithAPasswordThatNeverReachesTheLog(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var browser = try await app.adminBrowser()
            #expect(try await browser.get("/").text.contains(#"<a href="/ui/admin">Admin</a>"#))
            _ = try await browser.get("/ui/admin/users")
            let added = try await browser.post(
                "/ui/admin/users",
                [("account", "newbie"), ("name", WebPageTests.hostile), ("email", "n@example.com"), ("password", "pw-s3cret-value")])
            #expect(added.status == .ok, "\(added.text)")
            #expect(added.text.contains("User newbie added."))
            #expect(added.text.contains("<td>newbie</td><td>\(WebPageTests.escaped)</td>"))
            #expect(!added.text.contains("<script>") && !added.text.contains("pw-s3cret-value"))
            let short = try await browser.post("/ui/admin/users", [("account", "shorty"), ("password", "short")])
            #expect(short.status == .badRequest && short.text.contains("at least 8 characters"))

            var newbie = WebBrowser(app)
            #expect(try await newbie.signIn("newbie", "pw-s3cret-value").status == .seeOther)
            #expect(try await newbie.get("/ui/admin").status == .notFound)

            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.method == "Web" }
            #expect(logs.map(\.detail).sorted() == ["add newbie", "add shorty"])
            #expect(logs.allSatisfy { !$0.requestBody.contains("pw-s3cret-value") }, "\(logs.map(\.requestBody))")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func groupsTokensAndPluginsAreListedEscapedWithoutSecrets(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (member, _) = try await app.makeWebUser("member")
            let group = try await app.store.groups.create(name: WebPageTests.hostile, memberUIDs: [member.uid])
            let issued = try await app.store.tokens.issue(userUID: member.uid, name: WebPageTests.hostile)
            _ = try await app.store.plugins.register(PipelinePlugin(name: "@acme/notify", description: WebPageTests.hostile, run: "echo hi"))
            var browser = try await app.adminBrowser()

            let groups = try await browser.get("/ui/admin/groups")
            #expect(groups.text.contains(WebPageTests.escaped) && !groups.text.contains("<script>"))
            let one = try await browser.get("/ui/admin/groups/\(group.gid)")
            #expect(one.status == .ok && one.text.contains("<td>member</td>"), "\(one.text)")

            let plugins = try await browser.get("/ui/admin/plugins")
            #expect(plugins.text.contains("<td>@acme/notify</td>") && plugins.text.contains(WebPageTests.escaped))
            #expect(!plugins.text.contains("<script>"))

            let tokens = try await browser.get("/ui/admin/tokens")
            #expect(tokens.text.contains(WebPageTests.escaped) && !tokens.text.contains("<script>"))
            #expect(!tokens.text.contains(issued.secret), "a token's secret is never shown")
            #expect(tokens.text.contains("/ui/admin/tokens/\(issued.token.id)/revoke"))
            let revoked = try await browser.post("/ui/admin/tokens/\(issued.token.id)/revoke", [])
            #expect(revoked.status == .seeOther)
            #expect(try await app.store.tokens.list(userUID: member.uid).allSatisfy { $0.id != issued.token.id })
            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.method == "Web" }
            #expect(logs.map(\.function) == ["API token"] && logs.map(\.detail) == ["revoke \(issued.token.id)"])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func anAgentTokenIsShownOnceAndLoggedAsTheAPILogsIt(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var browser = try await app.adminBrowser()
            _ = try await browser.get("/ui/admin/agents")
            let hostile = try await browser.post("/ui/admin/agents", [("name", "ok"), ("labels", "<b>x</b>")])
            #expect(hostile.status == .badRequest)
            #expect(hostile.text.contains("&lt;b&gt;x&lt;/b&gt;") && !hostile.text.contains("<b>x</b>"))

            _ = try await browser.get("/ui/admin/agents")
            let created = try await browser.post("/ui/admin/agents", [("name", "builder"), ("labels", "linux, arm64"), ("capacity", "2")])
            #expect(created.status == .ok, "\(created.text)")
            let range = try #require(created.text.range(of: #"id="new-agent-token">([^<]+)</p>"#, options: .regularExpression))
            let secret = String(created.text[range]).replacingOccurrences(of: #"id="new-agent-token">"#, with: "")
                .replacingOccurrences(of: "</p>", with: "")
            let agent = try #require(try await app.store.agents.find(secret: secret))
            #expect(agent.name == "builder" && agent.labels == ["linux", "arm64"] && agent.capacity == 2)
            let list = try await browser.get("/ui/admin/agents")
            #expect(list.text.contains("<td>builder</td><td>offline</td><td>linux, arm64</td>"), "\(list.text)")
            #expect(!list.text.contains(secret), "the token is shown once")
            _ = try await browser.post("/ui/admin/agents/\(agent.id)/disable", [])
            #expect(try await app.store.agents.find(id: agent.id)?.enabled == false)
            #expect(try await browser.get("/ui/admin/agents").text.contains("<td>builder</td><td>disabled</td>"))

            let api = try await app.call(.post, "/api/slipway/agents", body: #"{"name":"viaapi","labels":["x"]}"#)
            #expect(api.status == .ok, "\(api.text)")
            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.function == "agent" }
            #expect(logs.contains { $0.method == "Web" && $0.detail == "issue token for builder" }, "\(logs.map(\.detail))")
            #expect(logs.contains { $0.method == "Web" && $0.detail == "disable \(agent.id)" })
            #expect(logs.contains { $0.method != "Web" && $0.detail == "issue token for viaapi" })
            #expect(logs.allSatisfy { !$0.requestBody.contains(secret) })
        }
    }
}
