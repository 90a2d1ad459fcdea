import AsyncHTTPClient
import Foundation
import HTTPTypes
import SlipwayCore
import Testing

/// Issue 12 point 4 on the web: the run page and a workflow's run list carry the task event
/// stream's address (resuming from before the page's data) and the status labels the server
/// writes; the stream reads with a member's web session, and with nothing less.
@Suite struct LiveTaskPageTests {
    static let stream = "/openapi/workflows/custom/gated/tasks/events"

    /// The value of the first `name="…"` attribute in `page`, its character references undone.
    static func attribute(_ name: String, in page: String) -> String? {
        guard let start = page.range(of: "\(name)=\"") else { return nil }
        let rest = page[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return rest[..<end].replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test(arguments: StoreKind.enabled)
    func pagesCarryTheStreamAndTheServersLabels(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await WebPageTests.makeGatedWorkflow(app)
            let id = try await app.run("gated")
            try await app.waitFor("gated", id) { $0["stages"][1]["jobs"][0]["status"].string == "wait_for_approval" }
            var browser = try await app.adminBrowser()
            let run = try await browser.get("/ui/projects/demo/workflows/gated/runs/\(id)")
            #expect(run.status == .ok)
            let events = try #require(Self.attribute("data-task-events", in: run.text))
            #expect(events.hasPrefix(Self.stream + "?projectKey=demo&lastEventId="), "\(events)")
            let after = try #require(Int(events.components(separatedBy: "lastEventId=")[1]))
            #expect(after > 0 && after <= app.taskEvents.lastID, "resumes from before the page was read")
            #expect(run.text.contains(#"data-task-id="\#(id)""#))
            #expect(run.text.contains(#"<script src="/ui/assets/live-tasks.js" defer></script>"#))
            #expect(run.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("script-src 'self'") == true)

            // The label map has every status, with the text the page itself writes for it.
            let json = try #require(Self.attribute("data-status-labels", in: run.text))
            let labels = try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
            #expect(Set(labels.keys) == Set(TaskStatus.allCases.map(\.rawValue)))
            #expect(labels["passed"] == "passed" && labels["wait_for_approval"] == "wait_for_approval" && labels[""] == "not_started")
            #expect(run.text.contains(#"<span class="status status-wait_for_approval">\#(labels["wait_for_approval"] ?? "?")</span>"#))
            #expect(run.text.contains(#"<span class="status status-passed">\#(labels["passed"] ?? "?")</span>"#))
            // What the script looks for: the run's line, each stage's and job's heading, durations.
            #expect(run.text.contains(#"<p data-task="\#(id)" data-status="running">"#))
            #expect(run.text.contains(#"<h2 data-stage-name="build" data-status="passed">"#))
            #expect(run.text.contains(#"<h3 data-job-stage="ship" data-job-name="gate" data-status="wait_for_approval">"#))
            #expect(run.text.contains(#"class="duration" data-start=""#))
            #expect(run.text.contains("data-approval-reload=\"An approval is waiting: reload this page to decide.\""))

            let list = try await browser.get("/ui/projects/demo/workflows/gated")
            #expect(Self.attribute("data-task-events", in: list.text)?.hasPrefix(Self.stream + "?projectKey=demo&lastEventId=") == true)
            #expect(Self.attribute("data-status-labels", in: list.text) == json)
            #expect(list.text.contains(#"data-row-src="/ui/projects/demo/workflows/gated/runs/""#))
            #expect(list.text.contains(#"<script src="/ui/assets/live-tasks.js" defer></script>"#))
            // A new run's row, as the list renders it (the script puts it in).
            let row = try await browser.get("/ui/projects/demo/workflows/gated/runs/\(id)/row")
            #expect(row.status == .ok)
            #expect(row.text.hasPrefix(#"<tr data-task="\#(id)" data-status="running">"#), "\(row.text)")
            // The same row, but for a running duration's text (it counts up between the two reads).
            let counting = #"(data-end="0">)[0-9a-z ]*(</span>)"#
            func steady(_ html: String) -> String { html.replacingOccurrences(of: counting, with: "$1$2", options: .regularExpression) }
            #expect(steady(list.text).contains(steady(row.text)), "\(row.text)")
            #expect(try await browser.get("/ui/projects/demo/workflows/gated/runs/99/row").status == .notFound)
            // Only the newest page takes in new runs.
            let older = try await browser.get("/ui/projects/demo/workflows/gated?page=2")
            #expect(older.text.contains("data-task-events=") && !older.text.contains("data-row-src="))

            let script = try await browser.get("/ui/assets/live-tasks.js")
            #expect(script.status == .ok && script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(script.text.contains("data-task-events") && script.text.contains("data-status-labels"))

            // A finished run has nothing to follow.
            try await app.engine.cancel(workflowKey: "gated", taskID: id, by: "admin")
            try await app.waitFor("gated", id)
            let finished = try await browser.get("/ui/projects/demo/workflows/gated/runs/\(id)")
            #expect(!finished.text.contains("data-task-events=") && finished.text.contains("status-cancelled"))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aWorkflowWithoutRunsHasTheListReadyButHidden(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await WebPageTests.makeGatedWorkflow(app)
            var browser = try await app.adminBrowser()
            let page = try await browser.get("/ui/projects/demo/workflows/gated")
            #expect(page.text.contains("<p data-no-runs>This workflow has not run yet.</p>"))
            #expect(page.text.contains(#"data-row-src="/ui/projects/demo/workflows/gated/runs/" hidden>"#))
            #expect(!page.text.contains("<tr data-task="))
        }
    }

    /// `path` on the live app with `cookie`: the status, and what arrived once `until` held
    /// (or 15 seconds passed).
    static func read(_ app: Harness, _ path: String, cookie: String, until done: @escaping @Sendable (String) -> Bool) async throws -> (
        status: Int, text: String
    ) {
        let base = try #require(app.baseURL)
        var request = HTTPClientRequest(url: base + path)
        request.headers.add(name: "Cookie", value: cookie)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(15))
        let status = Int(response.status.code)
        let reader = Task {
            var text = ""
            for try await chunk in response.body {
                text += String(buffer: chunk)
                if done(text) { break }
            }
            return text
        }
        let timer = Task {
            try await Task.sleep(for: .seconds(15))
            reader.cancel()
        }
        defer { timer.cancel() }
        return (status, (try? await reader.value) ?? "")
    }

    @Test(arguments: StoreKind.enabled)
    func theStreamReadsWithTheWebSessionOfMembersOnly(kind: StoreKind) async throws {
        try await withApp(kind, live: true) { app in
            try await WebPageTests.makeGatedWorkflow(app)
            let admin = try await app.adminBrowser()
            let session = "slipway_session=\(try #require(admin.cookies["slipway_session"]))"
            // The page's own address for the stream, read with the session: subscribed, then the run's changes.
            var reader = try await app.adminBrowser()
            let page = try await reader.get("/ui/projects/demo/workflows/gated")
            let path = try #require(Self.attribute("data-task-events", in: page.text))
            let started = Task { try await Self.read(app, path, cookie: session) { $0.contains(#""status":"created""#) } }
            try await Task.sleep(for: .milliseconds(300))
            let id = try await app.run("gated")
            let followed = try await started.value
            #expect(followed.status == 200)
            #expect(followed.text.contains("event:subscribed"), "\(followed.text)")
            #expect(followed.text.contains(#""status":"created","task_id":\#(id)"#), "\(followed.text)")
            let project = try await Self.read(app, "/openapi/projects/demo/tasks/events", cookie: session) { $0.contains("event:subscribed") }
            #expect(project.status == 200 && project.text.contains("event:subscribed"))

            try await app.makeWebUser("outsider")
            var outsider = WebBrowser(app)
            try await outsider.signIn("outsider", "correct horse")
            var nobody = WebBrowser(app)
            var signedOut = try await app.adminBrowser()
            let stale = signedOut.cookies
            _ = try await signedOut.get("/")
            _ = try await signedOut.post("/ui/sign-out", [])
            signedOut.cookies = stale
            for stream in [Self.stream, Self.stream + "?projectKey=demo", "/openapi/projects/demo/tasks/events"] {
                let refused = try await outsider.get(stream)
                #expect(refused.status == .forbidden, "\(stream): \(refused.status)")
                #expect(refused.text.isEmpty, "Zadig's 403 has no body")
                let anonymous = try await nobody.get(stream)
                #expect(anonymous.status == .unauthorized && anonymous.text.isEmpty, "\(stream): \(anonymous.status)")
                #expect(try await signedOut.get(stream).status == .unauthorized, "a signed-out session is no credential")
            }
            let row = try await outsider.get("/ui/projects/demo/workflows/gated/runs/\(id)/row")
            #expect(row.status == .forbidden || row.status == .notFound, "\(row.status)")
            // A read-only member reads both: the row, and the stream with its session.
            var readOnly = try await MergeRequestPageTests.readOnlyBrowser(app)
            let readRow = try await readOnly.get("/ui/projects/demo/workflows/gated/runs/\(id)/row")
            #expect(readRow.status == .ok && readRow.text.hasPrefix(#"<tr data-task="\#(id)""#), "\(readRow.status)")
            let readOnlySession = "slipway_session=\(try #require(readOnly.cookies["slipway_session"]))"
            let readStream = try await Self.read(app, path, cookie: readOnlySession) { $0.contains("event:subscribed") }
            #expect(readStream.status == 200 && readStream.text.contains("event:subscribed"))
            let signIn = try await nobody.get("/ui/projects/demo/workflows/gated/runs/\(id)/row")
            #expect(signIn.status == .seeOther && signIn.headers[.location]?.hasPrefix("/ui/sign-in") == true)
            try await app.engine.cancel(workflowKey: "gated", taskID: id, by: "admin")
        }
    }
}
