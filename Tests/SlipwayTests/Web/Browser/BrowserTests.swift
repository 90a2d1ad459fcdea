import Foundation
import SlipwayServices
import Testing

/// Issue 14's browser scenarios, in headless Chromium against the app on a loopback port: sign
/// in; start a workflow with a parameter and watch its log lines, its jobs' and stages' statuses
/// and at last its own arrive live (issue 12); approve it; see a run started by the API appear in
/// the workflow's list; browse to a file; open a merge request, see its diff, approve and merge
/// it; sign out. A hostile script in the content would open an alert, which fails every later
/// WebDriver call.
@Suite(.serialized) struct BrowserTests {
    /// Sign in through the form as the admin (whose password is set here).
    static func signIn(_ browser: WebDriver, _ app: Harness, base: String) async throws {
        let admin = try #require(try await app.store.users.find(account: "admin"))
        try await app.store.passwords.set(userUID: admin.uid, hash: PasswordHasher.hash("admin password"))
        // Signed out, the home page leads to the sign-in form.
        try await browser.open(base + "/")
        try await browser.waitForURL { $0.hasSuffix("/ui/sign-in") }
        try await browser.type("#account", "admin")
        try await browser.type("#password", "admin password")
        try await browser.click("main form button[type=submit]")
        try await browser.waitForText("header nav") { $0.contains("Signed in as admin") }
    }

    /// Mark the page: a reload drops the mark, so a wait for `body[data-unreloaded] …` sees only
    /// what the page changed by itself.
    static func mark(_ browser: WebDriver) async throws {
        try await browser.command("POST", "/execute/sync", ["script": "document.body.setAttribute('data-unreloaded', '')", "args": []])
    }

    static func signOut(_ browser: WebDriver) async throws {
        try await browser.click("header form button[type=submit]")
        try await browser.waitForURL { $0.hasSuffix("/ui/sign-in") }
        #expect(try await browser.text("main h1") == "Sign in to Slipway")
    }

    @Test func signInRunWatchTheLogLiveApproveAndSignOut() async throws {
        try await withApp(.sqlite, live: true) { app in
            let base = try #require(app.baseURL)
            let gate = app.scratch.appendingPathComponent("second-line").path
            let finishGate = app.scratch.appendingPathComponent("finish").path
            try await WebPageTests.makeProject(app)
            let reply = try await app.call(
                .post, "/api/aslan/workflow/v4",
                body: """
                    {"name":"live","display_name":"Live","project":"demo","concurrency_limit":-1,
                     "params":[{"name":"who","type":"string","value":"world"}],
                     "stages":[\(Harness.stage("build", jobs: [Harness.shellJob("hello", """
                        echo "hello {{.workflow.params.who}}"
                        while [ ! -e \(gate) ]; do sleep 0.1; done
                        echo "second line"
                        """)])),
                               \(Harness.stage("ship", jobs: [WebPageTests.approvalJob("gate", users: ["admin"])])),
                               \(Harness.stage("finish", jobs: [Harness.shellJob("last", "while [ ! -e \(finishGate) ]; do sleep 0.1; done")]))]}
                    """)
            #expect(reply.status == .ok, "\(reply.text)")
            try await WebDriver.withBrowser("run-approve") { browser in
                try await Self.signIn(browser, app, base: base)
                try await browser.open(base + "/ui/projects/demo/workflows/live")
                try await browser.type("#param-who", "browser <b>&</b>")
                try await browser.click("main form.stack button[type=submit]")
                try await browser.waitForURL { $0.hasSuffix("/ui/projects/demo/workflows/live/runs/1") }
                try await Self.mark(browser)
                // The first line arrives while the job still runs; the second once it is let go, without a reload.
                try await browser.waitForText("pre.log") { $0.contains("hello browser <b>&</b>") }
                #expect(!(try await browser.text("pre.log").contains("second line")))
                _ = FileManager.default.createFile(atPath: gate, contents: Data())
                try await browser.waitForText("pre.log") { $0.contains("second line") }

                // The jobs' and the stage's statuses follow the task event stream, without a reload.
                try await browser.waitForText("body[data-unreloaded] h3[data-job-name=hello]") { $0.contains("passed") }
                try await browser.waitForText("body[data-unreloaded] h2[data-stage-name=build]") { $0.contains("passed") }
                try await browser.waitForText("body[data-unreloaded] h3[data-job-name=gate]") { $0.contains("wait_for_approval") }
                try await browser.waitForText("body[data-unreloaded] h2[data-stage-name=ship]") { $0.contains("running") }
                // The approval form comes with the page: the page offers that reload itself.
                try await browser.click("[data-live-reload] a")
                try await browser.type("textarea[name=comment]", "looks good")
                try await browser.click("button[value=approve]")
                try await app.waitFor("live", 1) { $0["stages"][2]["jobs"][0]["status"].string == "running" }
                // The page after the decision (it has no approval form), where the run still runs.
                try await browser.waitForText("h3[data-job-name=gate]") { $0.contains("passed") && !$0.contains("wait") }
                while (try? await browser.element("textarea[name=comment]", seconds: 0)) != nil { try await Task.sleep(for: .milliseconds(100)) }
                try await browser.waitForText("main h1 + p") { $0.contains("running") }
                try await Self.mark(browser)
                // The run ends while the page is open: its final status arrives without a reload.
                _ = FileManager.default.createFile(atPath: finishGate, contents: Data())
                let done = try await app.waitFor("live", 1)
                #expect(done["status"].string == "passed")
                try await browser.waitForText("body[data-unreloaded] main h1 + p") { $0.contains("passed") }
                try await browser.waitForText("body[data-unreloaded] h2[data-stage-name=finish] .status") { $0 == "passed" }
                #expect(try await browser.text("body[data-unreloaded] h3[data-job-name=last] .status") == "passed")
                let took = try await browser.text("body[data-unreloaded] h3[data-job-name=last] .duration")
                #expect(took.range(of: #"^[0-9]+s$"#, options: .regularExpression) != nil, "the job's duration: \(took)")
                #expect(try await browser.text("body[data-unreloaded] form[data-while-open]") == "", "no cancel once it is over")

                // The workflow's list takes in a run started by the API, and its status changes, live.
                try await browser.open(base + "/ui/projects/demo/workflows/live")
                try await browser.waitForText("tbody") { $0.contains("#1") }
                try await Self.mark(browser)
                let second = try await app.run("live")
                let row = "body[data-unreloaded] tr[data-task='\(second)']"
                try await browser.waitForText(row) { $0.contains("#\(second)") && $0.contains("running") }
                try await app.engine.cancel(workflowKey: "live", taskID: second, by: "admin")
                try await browser.waitForText(row) { $0.contains("cancelled") }
                #expect(try await browser.text("body[data-unreloaded] tbody tr:last-child td") == "#1", "newest first")
                try await Self.signOut(browser)
            }
        }
    }

    @Test func browseAFileThenReviewApproveAndMergeAMergeRequest() async throws {
        try await withApp(.sqlite, live: true) { app in
            let base = try #require(app.baseURL)
            _ = try await MergeRequestPageTests.openRequest(app)
            try await WebDriver.withBrowser("browse-merge") { browser in
                try await Self.signIn(browser, app, base: base)
                try await browser.open(base + "/ui/projects/demo/repos/code")
                try await browser.click("a.dir[href$='/tree/master/src']")
                try await browser.waitForURL { $0.hasSuffix("/tree/master/src") }
                try await browser.click("a.file[href$='/main.swift']")
                try await browser.waitForText("pre.file") { $0.contains(#"print("hi")"#) }
                try await browser.open(base + "/ui/projects/demo/repos/code/blob/master/" + WebBrowser.encode(RepoFixture.hostileFile))
                try await browser.waitForText("pre.file") { $0.contains(RepoFixture.script) }

                try await browser.click("nav.tabs a[href$='/merge-requests']")
                try await browser.click("a[href$='/merge-requests/1']")
                try await browser.waitForText("main h1") { $0 == "!1 \(RepoFixture.script)" }
                try await browser.waitForText("pre.diff") { $0.contains("+new \(RepoFixture.script)") }
                try await browser.waitForText("#verdict") { $0.contains("cannot be merged yet") }
                try await browser.click("#approve")
                try await browser.waitForText("#verdict") { $0.contains("can be merged") }
                try await browser.click("#merge")
                try await browser.waitForText("p.mr-meta") { $0.contains("merged by admin") }
                try await Self.signOut(browser)
            }
            let merged = try await app.store.mergeRequests.list(.init(), page: 1, pageSize: 5).rows
            #expect(merged.first?.state == .merged)
        }
    }
}
