import Foundation
import HTTPTypes
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 14 point 1: passwords, sessions, cookies, CSRF, expiry and throttling.
@Suite struct WebSignInTests {
    @Test(arguments: StoreKind.enabled)
    func signedOutPagesLeadToSignIn(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var browser = WebBrowser(app)
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/ui/sign-in")
            for path in ["/ui/tokens", "/ui/projects/demo", "/ui/projects/demo/workflows/w", "/ui/projects/demo/workflows/w/runs/1"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.headers[.location]?.hasPrefix("/ui/sign-in?next=") == true, "\(path)")
            }
            // A form posted without a session is refused before anything runs.
            let post = try await browser.post("/ui/tokens", [("name", "x")], csrf: "made-up")
            #expect(post.status == .forbidden)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func signInSetsAHardenedSessionCookieAndSignOutEndsIt(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWebUser("alice")
            var browser = WebBrowser(app)
            let form = try await browser.get("/ui/sign-in")
            #expect(form.status == .ok)
            #expect(form.text.contains("<label for=\"password\">"))
            let signedIn = try await browser.post("/ui/sign-in", [("account", "alice"), ("password", "correct horse"), ("next", "/ui/tokens")])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/ui/tokens")
            let cookie = try #require(browser.setCookies.last { $0.hasPrefix("slipway_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain HTTP without a TLS proxy")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("Signed in as alice"))
            // The session is stored hashed only.
            let stored = try await app.store.sql.read { db in
                try await db.select().column("id_hash").from("web_sessions").all(decodingColumn: "id_hash", as: String.self)
            }
            let secret = try #require(browser.cookies["slipway_session"])
            #expect(stored == [TokenSecret.hash(secret)])

            let old = browser.cookies
            #expect(try await browser.post("/ui/sign-out", []).status == .seeOther)
            #expect(browser.cookies["slipway_session"] == nil)
            var stale = WebBrowser(app)
            stale.cookies = old
            #expect(try await stale.get("/").status == .seeOther, "a signed-out session no longer works")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func cookiesAreSecureBehindTLS(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWebUser("alice")
            var browser = WebBrowser(app)
            browser.headers[HTTPField.Name("X-Forwarded-Proto")!] = "https"
            try await browser.signIn("alice", "correct horse")
            let cookie = try #require(browser.setCookies.last { $0.hasPrefix("slipway_session=") })
            #expect(cookie.contains("; Secure"))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func wrongPasswordsAreRefusedAlikeAndThrottled(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWebUser("alice")
            _ = try await app.makeUser("nopassword")
            var browser = WebBrowser(app)
            for (account, password) in [("alice", "wrong password"), ("nobody", "whatever1"), ("nopassword", "whatever1")] {
                let reply = try await browser.signIn(account, password)
                #expect(reply.status == .unauthorized, "\(account)")
                #expect(reply.text.contains("The account or password is wrong."))
                #expect(browser.cookies["slipway_session"] == nil)
            }
            for _ in 0..<4 { #expect(try await browser.signIn("alice", "still wrong").status == .unauthorized) }
            // Five failures: even the right password is not checked now.
            let throttled = try await browser.signIn("alice", "correct horse")
            #expect(throttled.status == .tooManyRequests)
            #expect(browser.cookies["slipway_session"] == nil)
            // Another account is not affected.
            try await app.makeWebUser("bob")
            #expect(try await browser.signIn("bob", "correct horse").status == .seeOther)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func signInFormNeedsItsCSRFValue(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWebUser("alice")
            var browser = WebBrowser(app)
            _ = try await browser.get("/ui/sign-in")
            let fields = [("account", "alice"), ("password", "correct horse")]
            #expect(try await browser.post("/ui/sign-in", fields, csrf: "").status == .forbidden)
            #expect(try await browser.post("/ui/sign-in", fields, csrf: "slw_not-the-cookie-value-at-all").status == .forbidden)
            #expect(browser.cookies["slipway_session"] == nil)
            // An open redirect is not possible through `next`.
            _ = try await browser.get("/ui/sign-in")
            let reply = try await browser.post("/ui/sign-in", fields + [("next", "//evil.example/")])
            #expect(reply.headers[.location] == "/")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func expiredSessionsSignOut(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWebUser("alice")
            var browser = WebBrowser(app)
            try await browser.signIn("alice", "correct horse")
            #expect(try await browser.get("/").status == .ok)
            try await app.store.sql.write { db in
                try await db.update("web_sessions").set("expires_at", to: EpochMillis.now() - 1).run()
            }
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func pagesCarrySecurityHeaders(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var browser = try await app.adminBrowser()
            for path in ["/", "/ui/sign-in", "/ui/tokens", "/ui/projects/none", "/ui/assets/live-log.js"] {
                let reply = try await browser.get(path)
                let policy = reply.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"), "\(path)")
                #expect(!policy.contains("unsafe-inline"))
                #expect(reply.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(path)")
            }
            let page = try await browser.get("/ui/tokens")
            #expect(!page.text.contains("<script>"), "no inline script")
            #expect(!page.text.contains("style="), "no inline style")
        }
    }
}
