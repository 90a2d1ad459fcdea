import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import Testing

/// Issue 15: a project's flaky tests on the web. The case is real: the test `unit` (the script of
/// `QualityWorkflowTests`, whose JUnit report fails `calc.flips` when MODE is `fail`) runs twice
/// on one commit, passing once and failing once. Members and read-only members see it; others
/// get what the project's other pages give them.
@Suite struct FlakyTestPageTests {
    /// Project `demo` (named with markup), its test `unit` run twice on the repository's one
    /// commit; that commit.
    static func makeFlakyCase(_ app: Harness) async throws -> String {
        try await WebPageTests.makeProject(app)
        let (repo, commit) = try await QualityWorkflowTests.makeRepository(app)
        let test = try await app.call(
            .post, "/openapi/quality/testing",
            body: """
                {"name":"unit","project_key":"demo","repo_info":[{"repo_name":"app","url":"\(repo)","branch":"main"}],
                 "script":\(Harness.jsonString(QualityWorkflowTests.testScript)),"test_result_path":"reports",
                 "parameters":[{"key":"MODE","value":"pass"}]}
                """)
        #expect(test.status == .ok, "\(test.text)")
        for mode in ["pass", "fail"] {
            let started = try await app.call(
                .post, "/openapi/quality/testing/task",
                body: #"{"project_key":"demo","test_name":"unit","inputs":[{"key":"MODE","value":"\#(mode)"}]}"#)
            #expect(started.status == .ok, "\(started.text)")
            let id = try #require(started.json["task_id"].int)
            let done = try await app.waitFor(TestDefinition.workflowKey(for: "unit"), id, seconds: 60)
            #expect(done["status"].string == "passed", "\(done)")
        }
        return commit
    }

    @Test(arguments: StoreKind.enabled)
    func aRealFlakyCaseIsListedForMembersOnly(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let commit = try await Self.makeFlakyCase(app)
            let path = "/ui/projects/demo/flaky-tests"
            var admin = try await app.adminBrowser()
            let project = try await admin.get("/ui/projects/demo")
            #expect(project.text.contains(#"<a href="/ui/projects/demo/flaky-tests">Flaky tests</a>"#), "linked from the project page")
            let page = try await admin.get(path)
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.text.contains(#"<td><a href="/ui/projects/demo/flaky-tests?test=unit">unit</a></td><td>calc</td><td>flips</td>"#), "\(page.text)")
            #expect(page.text.contains(#"<code class="secret" title="\#(commit)">\#(commit.prefix(12))</code>"#))
            #expect(page.text.contains("</td><td>1</td><td>1</td>"), "passed once, failed once")
            #expect(!page.text.contains("<td>adds</td>") && !page.text.contains("<td>later</td>"), "steady cases are not flaky")
            #expect(page.text.contains(WebPageTests.escaped) && !page.text.contains("<script>"))
            let ofTest = try await admin.get(path + "?test=unit")
            #expect(ofTest.status == .ok && ofTest.text.contains("<td>flips</td>"))
            #expect(ofTest.text.contains(#"<input id="test" name="test" maxlength="256" value="unit">"#))
            let unknown = try await admin.get(path + "?test=none")
            #expect(unknown.status == .notFound)
            let tooLong = try await admin.get(path + "?test=" + String(repeating: "x", count: 300))
            #expect(tooLong.status == .badRequest)
            #expect(try await admin.get(path + "?page=99999999999999999").text.contains("<td>flips</td>"), "a page past the end shows the last")

            _ = try await app.makeMember("reader")
            let reader = try #require(try await app.store.users.find(account: "reader"))
            try await app.store.passwords.set(userUID: reader.uid, hash: PasswordHasher.hash("correct horse"))
            var readOnly = WebBrowser(app)
            try await readOnly.signIn("reader", "correct horse")
            #expect(try await readOnly.get("/ui/projects/demo").text.contains(path))
            let read = try await readOnly.get(path)
            #expect(read.status == .ok && read.text.contains("<td>flips</td>"), "\(read.text)")

            try await app.makeWebUser("outsider")
            var outsider = WebBrowser(app)
            try await outsider.signIn("outsider", "correct horse")
            let projectAnswer = try await outsider.get("/ui/projects/demo")
            for uri in [path, path + "?test=unit", path + "?test=none"] {
                let refused = try await outsider.get(uri)
                #expect(refused.status == projectAnswer.status, "\(uri): \(refused.status)")
                #expect(refused.status == .forbidden || refused.status == .notFound, "\(uri): \(refused.status)")
                #expect(!refused.text.contains("flips") && !refused.text.contains(WebPageTests.escaped), "\(uri)")
            }
            #expect(try await outsider.get("/ui/projects/nope/flaky-tests").status == .notFound)

            var signedOut = WebBrowser(app)
            let away = try await signedOut.get(path + "?test=unit")
            #expect(away.status == .seeOther)
            #expect(away.headers[.location] == "/ui/sign-in?next=%2Fui%2Fprojects%2Fdemo%2Fflaky-tests%3Ftest%3Dunit")
            #expect(!away.text.contains("flips"))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aProjectWithoutFlakyCasesSaysSo(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await WebPageTests.makeProject(app)
            var admin = try await app.adminBrowser()
            let page = try await admin.get("/ui/projects/demo/flaky-tests")
            #expect(page.status == .ok)
            #expect(page.text.contains("No test case has both passed and failed on the same commit."))
            // A member whose role lacks get_test is not offered the page, and is refused it.
            _ = try await app.makeMember("builder", actions: ["get_workflow"])
            let builder = try #require(try await app.store.users.find(account: "builder"))
            try await app.store.passwords.set(userUID: builder.uid, hash: PasswordHasher.hash("correct horse"))
            var browser = WebBrowser(app)
            try await browser.signIn("builder", "correct horse")
            let project = try await browser.get("/ui/projects/demo")
            #expect(project.status == .ok && !project.text.contains("flaky-tests"), "\(project.text)")
            #expect(try await browser.get("/ui/projects/demo/flaky-tests").status == .forbidden)
        }
    }
}
