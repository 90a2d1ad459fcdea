import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import SlipwayStore
import Testing

/// Issue 15: the team CI build templates on the administration pages: listed, created through a
/// form and deleted with a button (both refused without the session's CSRF token), a sensitive
/// value sealed and never on a page or in the operation log; everyone else gets the not-found page.
@Suite struct CITemplatePageTests {
    static let path = "/ui/admin/ci-templates"
    static let secret = "t0p-s3cret-value"

    /// The form's fields for a template named `name`, with a plain and a sensitive variable.
    static func fields(_ name: String, jenkinsfile: String = CITemplateAdminTests.jenkinsfile, variables: String = "GREETING=hi\r\nMODE=<b>loud</b>")
        -> [(String, String)]
    {
        [
            ("name", name), ("description", WebPageTests.hostile), ("jenkinsfile", jenkinsfile), ("variables", variables),
            ("sensitive_name.0", "DEPLOY_KEY"), ("secret.0", secret), ("sensitive_name.1", ""), ("secret.1", ""),
        ]
    }

    @Test(arguments: StoreKind.enabled)
    func administratorsCreateAndDeleteTemplatesThroughTheForm(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var browser = try await app.adminBrowser()
            #expect(try await browser.get("/ui/admin").text.contains(#"<a href="/ui/admin/ci-templates">CI build templates</a>"#))
            let empty = try await browser.get(Self.path)
            #expect(empty.status == .ok && empty.text.contains("No CI build templates yet."), "\(empty.text)")
            #expect(empty.text.contains(#"<input id="sensitive-value-0" name="secret.0" type="password""#))

            // Without the session's token nothing is stored.
            for token in ["", "forged"] {
                let refused = try await browser.post(Self.path, Self.fields("team"), csrf: token)
                #expect(refused.status == .forbidden && refused.text.contains("did not come from Slipway"), "\(token): \(refused.status)")
            }
            #expect(try await app.store.ci.templates().isEmpty)

            _ = try await browser.get(Self.path)
            let created = try await browser.post(Self.path, Self.fields("team <one>"))
            #expect(created.status == .seeOther && created.headers[.location] == Self.path, "\(created.text)")
            let stored = try #require(try await app.store.ci.templates().first)
            #expect(stored.name == "team <one>" && stored.createdBy == "admin")
            #expect(stored.env.map(\.name) == ["GREETING", "MODE", "DEPLOY_KEY"] && stored.env.map(\.sensitive) == [false, false, true])
            #expect(try await app.store.ci.template(id: stored.id)?.secrets == ["DEPLOY_KEY": Self.secret], "sealed apart")

            let list = try await browser.get(Self.path)
            #expect(list.text.contains("<td>team &lt;one&gt;</td><td>\(WebPageTests.escaped)</td>"), "\(list.text)")
            #expect(list.text.contains("<li><code>GREETING=hi</code></li><li><code>MODE=&lt;b&gt;loud&lt;/b&gt;</code></li>"))
            #expect(list.text.contains("<li><code>DEPLOY_KEY</code> <em>(sensitive, hidden)</em></li>"))
            #expect(list.text.contains("sh &#39;echo $GREETING&#39;"), "the Jenkinsfile, escaped")
            #expect(!list.text.contains(Self.secret) && !list.text.contains("<script>") && !list.text.contains("<b>loud"))
            let api = try await app.call(.get, "/api/slipway/ci/templates")
            #expect(api.json["total"].int == 1 && api.json["list"][0]["id"].int == Int(stored.id))

            let bad: [([(String, String)], HTTPResponse.Status, String)] = [
                (Self.fields("broken", jenkinsfile: "pipeline {"), .badRequest, "jenkinsfile: "),
                (Self.fields("lines", variables: "GREETING=hi\nno equals sign"), .badRequest, "variables line 2 is not NAME=value"),
                (Self.fields("team <one>"), .conflict, "CI template team &lt;one&gt; already exists"),
            ]
            for (fields, status, message) in bad {
                _ = try await browser.get(Self.path)
                let refused = try await browser.post(Self.path, fields)
                #expect(refused.status == status && refused.text.contains(message), "\(message): \(refused.text)")
                #expect(!refused.text.contains(Self.secret))
            }
            _ = try await browser.get(Self.path)
            let orphan = try await browser.post(Self.path, [("name", "x"), ("jenkinsfile", CITemplateAdminTests.jenkinsfile), ("secret.2", "v")])
            #expect(orphan.status == .badRequest && orphan.text.contains("sensitive variable 3 has a value but no name"))
            #expect(try await app.store.ci.templates().count == 1, "nothing else was stored")

            let delete = "\(Self.path)/\(stored.id)/delete"
            _ = try await browser.get(Self.path)
            #expect(try await browser.post(delete, [], csrf: "forged").status == .forbidden)
            #expect(try await browser.post(delete, [], csrf: "").status == .forbidden)
            #expect(try await app.store.ci.templates().count == 1)
            _ = try await browser.get(Self.path)
            let deleted = try await browser.post(delete, [])
            #expect(deleted.status == .seeOther && deleted.headers[.location] == Self.path)
            #expect(try await app.store.ci.templates().isEmpty)
            _ = try await browser.get(Self.path)
            #expect(try await browser.post(delete, []).status == .notFound)
            #expect(try await browser.post("\(Self.path)/x/delete", []).status == .notFound)

            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.method == "Web" }
            #expect(logs.allSatisfy { $0.function == "团队构建模版" && $0.username == "admin" }, "\(logs.map(\.function))")
            #expect(logs.map(\.detail).sorted() == ["broken", "delete \(stored.id)", "delete \(stored.id)", "lines", "team <one>", "team <one>", "x"])
            #expect(logs.allSatisfy { !$0.requestBody.contains(Self.secret) }, "\(logs.map(\.requestBody))")
            #expect(logs.contains { $0.requestBody.contains("DEPLOY_KEY") }, "the sensitive variable's name is kept")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func everyoneElseGetsTheNotFoundPage(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let made = try await app.call(.post, "/api/slipway/ci/templates", body: CITemplateAdminTests.body())
            #expect(made.status == .ok, "\(made.text)")
            let id = try #require(made.json["id"].int)
            var signedOut = WebBrowser(app)
            let away = try await signedOut.get(Self.path)
            #expect(away.status == .seeOther && away.headers[.location] == "/ui/sign-in?next=%2Fui%2Fadmin%2Fci-templates")
            #expect(try await signedOut.post(Self.path, Self.fields("signed-out")).status == .forbidden, "no session, no token")
            _ = try await signedOut.get("/ui/sign-in")
            let before = try await signedOut.post(Self.path, Self.fields("signed-out"))
            #expect(before.status == .seeOther && before.headers[.location]?.hasPrefix("/ui/sign-in?next=") == true, "with the sign-in token")

            try await WebPageTests.makeProject(app)
            _ = try await app.makeMember("reader")
            let reader = try #require(try await app.store.users.find(account: "reader"))
            try await app.store.passwords.set(userUID: reader.uid, hash: PasswordHasher.hash("correct horse"))
            try await app.makeWebUser("plain")
            for account in ["plain", "reader"] {
                var browser = WebBrowser(app)
                try await browser.signIn(account, "correct horse")
                #expect(!(try await browser.get("/").text.contains("/ui/admin\"")))
                let page = try await browser.get(Self.path)
                #expect(page.status == .notFound && !page.text.contains("team"), "\(account)")
                #expect(try await browser.post(Self.path, Self.fields("mine")).status == .notFound, "\(account)")
                #expect(try await browser.post("\(Self.path)/\(id)/delete", []).status == .notFound, "\(account)")
            }
            #expect(try await app.store.ci.templates().map(\.name) == ["team"], "nothing created or deleted")
            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.method == "Web" }
            #expect(logs.isEmpty, "refused calls note nothing: \(logs.map(\.detail))")
        }
    }
}
