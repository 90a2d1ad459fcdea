import Foundation
import Testing

/// Issue 12 point 4 in the browser (in the serialized browser suite): a workflow page with no
/// runs yet takes in runs started by the API as they come, with their statuses; a run's page
/// shows why it waits, then that it runs and how it ended, all without a reload.
extension BrowserTests {
    @Test func runsStartedElsewhereAppearAndTheirPagesFollowThem() async throws {
        try await withApp(.sqlite, live: true) { app in
            let base = try #require(app.baseURL)
            let gate = app.scratch.appendingPathComponent("go").path
            try await app.makeWorkflow(
                "queue", limit: 1, stages: [Harness.stage("only", jobs: [Harness.shellJob("hold", "while [ ! -e \(gate) ]; do sleep 0.1; done")])])
            try await WebDriver.withBrowser("live-tasks") { browser in
                try await Self.signIn(browser, app, base: base)
                try await browser.open(base + "/ui/projects/demo/workflows/queue")
                try await browser.waitForText("main [data-no-runs]") { $0 == "This workflow has not run yet." }
                try await Self.mark(browser)
                let first = try await app.run("queue")
                let second = try await app.run("queue")
                let firstRow = "body[data-unreloaded] tr[data-task='\(first)']"
                let secondRow = "body[data-unreloaded] tr[data-task='\(second)']"
                try await browser.waitForText(firstRow) { $0.contains("#\(first)") && $0.contains("running") && $0.contains("admin") }
                try await browser.waitForText(secondRow) { $0.contains("#\(second)") && $0.contains("waiting") }
                #expect(try await browser.text("body[data-unreloaded] tbody tr:first-child td") == "#\(second)", "newest first")
                #expect((try? await browser.element("main [data-no-runs]", seconds: 0)) == nil, "the empty notice is gone")

                // The waiting run's page says why it waits; once let go, that it ran and passed.
                try await browser.click("\(secondRow) a")
                try await browser.waitForURL { $0.hasSuffix("/ui/projects/demo/workflows/queue/runs/\(second)") }
                try await Self.mark(browser)
                let reason = try await browser.waitForText("body[data-unreloaded] [data-live-pending]") { !$0.isEmpty }
                #expect(reason.hasPrefix("Waiting because:"), "\(reason)")
                _ = FileManager.default.createFile(atPath: gate, contents: Data())
                try await browser.waitForText("body[data-unreloaded] main h1 + p") { $0.contains("passed") }
                #expect(try await browser.text("body[data-unreloaded] [data-live-pending]") == "", "no longer waiting")
                #expect(try await browser.text("body[data-unreloaded] h2[data-stage-name=only] .status") == "passed")
                #expect(try await browser.text("body[data-unreloaded] h3[data-job-name=hold] .status") == "passed")
                #expect((try await app.waitFor("queue", second))["status"].string == "passed")
                try await Self.signOut(browser)
            }
        }
    }
}
