import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Issue 14 point 1: a user's own API tokens from the web, CSRF on every form, the audit log.
@Suite struct WebTokenTests {
    @Test(arguments: StoreKind.enabled)
    func createShowsTheSecretOnceAndRevokeEndsIt(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (alice, _) = try await app.makeWebUser("alice")
            var browser = WebBrowser(app)
            try await browser.signIn("alice", "correct horse")
            _ = try await browser.get("/ui/tokens")
            let created = try await browser.post("/ui/tokens", [("name", "laptop <b>&</b>")])
            #expect(created.status == .ok)
            #expect(created.text.contains("laptop &lt;b&gt;&amp;&lt;/b&gt;"), "the name is escaped")
            let secret = try #require(
                created.text.range(of: #"id="new-token">(slw_[A-Za-z0-9_-]+)<"#, options: .regularExpression).map {
                    String(created.text[$0].dropFirst("id=\"new-token\">".count).dropLast())
                })
            // The new token works on the API as alice.
            let me = try await app.call(.get, "/openapi/users?pageNum=1&pageSize=10", as: secret)
            #expect(me.status == .ok)
            // Listed without its secret.
            let list = try await browser.get("/ui/tokens")
            #expect(!list.text.contains(secret))
            #expect(list.text.contains(String(secret.prefix(8))))
            let token = try #require(try await app.store.tokens.list(userUID: alice.uid).first { $0.name.hasPrefix("laptop") })

            // Bob cannot revoke alice's token (not found, no hint it exists).
            try await app.makeWebUser("bob")
            var bob = WebBrowser(app)
            try await bob.signIn("bob", "correct horse")
            _ = try await bob.get("/ui/tokens")
            #expect(try await bob.post("/ui/tokens/\(token.id)/revoke", []).status == .notFound)
            #expect(try await app.call(.get, "/openapi/users?pageNum=1&pageSize=10", as: secret).status == .ok)

            // Without the CSRF token nothing happens.
            #expect(try await browser.post("/ui/tokens/\(token.id)/revoke", [], csrf: "").status == .forbidden)
            #expect(try await browser.post("/ui/tokens/\(token.id)/revoke", [], csrf: "slw_wrong").status == .forbidden)
            #expect(try await app.call(.get, "/openapi/users?pageNum=1&pageSize=10", as: secret).status == .ok)

            let revoked = try await browser.post("/ui/tokens/\(token.id)/revoke", [])
            #expect(revoked.status == .seeOther)
            #expect(try await app.call(.get, "/openapi/users?pageNum=1&pageSize=10", as: secret).status == .unauthorized)

            // Both actions are in the operation log as alice's, without the CSRF token or the secret.
            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.username == "alice" }
            #expect(logs.map(\.function) == ["API token", "API token"])
            #expect(logs.allSatisfy { !$0.requestBody.contains("csrf") && !$0.requestBody.contains(secret) })
        }
    }

    @Test(arguments: StoreKind.enabled)
    func formsWithoutTheSessionTokenAreRefused(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let (alice, _) = try await app.makeWebUser("alice")
            var browser = WebBrowser(app)
            try await browser.signIn("alice", "correct horse")
            let before = try await app.store.tokens.list(userUID: alice.uid).count
            // The sign-in page's value is not the session's token.
            var other = WebBrowser(app)
            _ = try await other.get("/ui/sign-in")
            for csrf in ["", "x", other.csrf] {
                let reply = try await browser.post("/ui/tokens", [("name", "sneaky")], csrf: csrf)
                #expect(reply.status == .forbidden, "\(csrf)")
                #expect(reply.text.contains("This form has expired"))
            }
            #expect(try await app.store.tokens.list(userUID: alice.uid).count == before)
        }
    }
}
