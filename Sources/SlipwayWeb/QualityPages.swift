import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// A project's flaky tests: the test cases that both passed and failed on one commit, from the
/// runs of the project's tests (as `GET /openapi/quality/flaky`), of one test when `?test=` names it.
extension WebPages {
    static let flakyPerPage = 50
    /// Longest test name the filter takes (a test's name is shorter).
    static let maxTestFilterLength = 256
    /// Commits listed with a case; the others are counted.
    static let commitsShown = 3
    var quality: QualityService { QualityService(services) }

    @Sendable func flakyTests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (user, layout) = try signedIn(request)
        let project = try await overview.project(try parameter("project", context), user: user)
        let test = request.uri.queryParameters.get("test").flatMap { $0.isEmpty ? nil : String($0) }
        if let test, test.count > Self.maxTestFilterLength {
            throw SlipwayError.invalidInput("a test name has at most \(Self.maxTestFilterLength) characters")
        }
        let cases = try await quality.flakyTests(project: project.key, testName: test, user: user)
        let pages = max(1, (cases.count + Self.flakyPerPage - 1) / Self.flakyPerPage)
        let page = min(pageNumber(request), pages)
        let shown = cases.dropFirst((page - 1) * Self.flakyPerPage).prefix(Self.flakyPerPage)
        let rows = shown.map { flakyRow($0, project: project.key) }
        let headers = [
            strings(.testDefinition), strings(.suite), strings(.testCase), strings(.commits), strings(.passes), strings(.failures),
            strings(.lastSeen),
        ]
        let table: HTML =
            rows.isEmpty
            ? "<p>\(strings(.noFlakyTests))</p>"
            : """
            <div class="table-wrap"><table><thead><tr>\(headers.map { "<th>\($0)</th>" as HTML })</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        let base = Links.flakyTests(project.key) + (test.map { "?test=\(HTML.component($0))" } ?? "")
        let title = strings(.flakyTestsTitle, project.name)
        let everyTest: HTML = test == nil ? .empty : "<a href=\"\(Links.flakyTests(project.key))\">\(strings(.allTests))</a>"
        let body: HTML = """
            <h1>\(title)</h1>
            <p><a href="\(Links.project(project.key))">\(project.name)</a></p>
            <p>\(strings(.flakyExplained))</p>
            <form class="inline" method="get" action="\(Links.flakyTests(project.key))">
            <label for="test">\(strings(.testDefinition))</label>
            <input id="test" name="test" maxlength="\(Self.maxTestFilterLength)" value="\(test ?? "")">
            <button type="submit" class="secondary">\(strings(.filter))</button>
            \(everyTest)</form>
            \(table)
            \(pager(base, page: page, total: cases.count, pageSize: Self.flakyPerPage, label: strings(.flakyTests)))
            """
        return WebResponse.page(layout.page(title: title, body))
    }

    /// One flaky case: its test (a link to the cases of that test), suite, name, the commits it
    /// flipped on (newest first, the first few shown), pass and fail counts, when last recorded.
    func flakyRow(_ flaky: FlakyTestCase, project: String) -> HTML {
        let commits = flaky.commits.prefix(Self.commitsShown).map { commit -> HTML in
            "<code class=\"secret\" title=\"\(commit)\">\(String(commit.prefix(12)))</code>"
        }
        let more = flaky.commits.count - Self.commitsShown
        let rest: HTML = more > 0 ? " \(strings(.moreCommits, String(more)))" : .empty
        let testLink = "\(Links.flakyTests(project))?test=\(HTML.component(flaky.testName))"
        return """
            <tr><td><a href="\(testLink)">\(flaky.testName)</a></td><td>\(flaky.classname)</td><td>\(flaky.name)</td>
            <td>\(HTML(commits.map { "\($0) " as HTML }))\(rest)</td><td>\(flaky.passes)</td><td>\(flaky.failures)</td>
            <td>\(WebFormat.time(flaky.lastSeen))</td></tr>
            """
    }
}
