import Foundation
import Testing

/// Issue 15's browser scenario (in the serialized browser suite): sign in, follow the project
/// page's link to its flaky tests and see the case a test really produced, then narrow the list
/// to that test.
extension BrowserTests {
    @Test func signInOpenTheFlakyTestsAndSeeTheCase() async throws {
        try await withApp(.sqlite, live: true) { app in
            let base = try #require(app.baseURL)
            let commit = try await FlakyTestPageTests.makeFlakyCase(app)
            try await WebDriver.withBrowser("flaky-tests") { browser in
                try await Self.signIn(browser, app, base: base)
                try await browser.open(base + "/ui/projects/demo")
                try await browser.click("main a[href$='/flaky-tests']")
                try await browser.waitForURL { $0.hasSuffix("/ui/projects/demo/flaky-tests") }
                let row = try await browser.waitForText("main table tbody tr") { $0.contains("flips") }
                #expect(row.contains("unit") && row.contains("calc") && row.contains(String(commit.prefix(12))), "\(row)")
                try await browser.click("main table tbody a[href$='?test=unit']")
                try await browser.waitForURL { $0.hasSuffix("/flaky-tests?test=unit") }
                try await browser.waitForText("main table tbody tr") { $0.contains("flips") }
                try await Self.signOut(browser)
            }
        }
    }
}
