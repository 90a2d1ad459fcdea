import Foundation
import Hummingbird
import SlipwayCore
import SlipwayGit
import SlipwayHTTP
import SlipwayServices

/// A repository's history: commits of a ref (paged), one commit with its diff, branches, tags.
extension WebPages {
    static let commitsPerPage = 30

    @Sendable func commits(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let segments = context.parameters.getCatchAll().map { String($0).removingPercentEncoding ?? String($0) }
        let ref = request.uri.queryParameters.get("ref") ?? segments.joined(separator: "/")
        let number = max(1, request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1)
        let (commits, hasMore) = try await hosting.history(page.readable, ref: ref, page: number, pageSize: Self.commitsPerPage)
        let links = page.links
        let rows = commits.map { commit -> HTML in
            """
            <tr><td><a class="sha" href="\(links.commit(commit.sha))">\(String(commit.sha.prefix(10)))</a></td>
            <td>\(commit.subject)</td><td>\(commit.author.name)</td><td>\(WebFormat.time(commit.author.time))</td></tr>
            """
        }
        let table: HTML =
            commits.isEmpty
            ? "<p>\(strings(.noCommits))</p>"
            : """
            <div class="table-wrap"><table><thead><tr><th>\(strings(.commitSHA))</th><th>\(strings(.commitMessage))</th>
            <th>\(strings(.commitAuthor))</th><th>\(strings(.commitDate))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        var pager: [HTML] = []
        if number > 1 { pager.append("<a rel=\"prev\" href=\"\(links.commits(ref))?page=\(number - 1)\">\(strings(.newerCommits))</a>") }
        if hasMore { pager.append("<a rel=\"next\" href=\"\(links.commits(ref))?page=\(number + 1)\">\(strings(.olderCommits))</a>") }
        let body: HTML = """
            <p class="crumbs"><span class="ref">\(strings(.refLabel, ref))</span> · <a href="\(links.tree(ref))">\(strings(.repoFiles))</a></p>
            \(table)
            <nav class="actions" aria-label="\(strings(.repoCommits))">\(pager)</nav>
            """
        return try await repositoryFrame(page, request, title: strings(.commitsTitle, page.depot), current: .repoCommits, body)
    }

    @Sendable func commit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let sha = try parameter("sha", context)
        let detail = try await page.readable.repository.commitDetail(sha, maxPatchBytes: DiffView.maxPatchBytes)
        let commit = detail.commit
        let links = page.links
        let parents = commit.parents.map { "<a class=\"sha\" href=\"\(links.commit($0))\">\(String($0.prefix(10)))</a> " as HTML }
        let body: HTML = """
            <pre class="message">\(commit.message)</pre>
            <dl class="facts">
            <dt>\(strings(.commitSHA))</dt><dd class="sha">\(commit.sha)</dd>
            <dt>\(strings(.commitAuthor))</dt><dd>\(commit.author.name) &lt;\(commit.author.email)&gt; · \(WebFormat.time(commit.author.time))</dd>
            <dt>\(strings(.commitParents))</dt><dd>\(parents)</dd>
            </dl>
            <p><a href="\(links.tree(commit.sha))">\(strings(.browseFiles))</a></p>
            \(DiffView(strings: strings).render(detail.files))
            """
        return try await repositoryFrame(page, request, title: strings(.commitTitle, String(commit.sha.prefix(10))), current: .repoCommits, body)
    }

    @Sendable func branches(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let branches = try await page.readable.repository.branches().sorted { ($0.isDefault ? 0 : 1, $0.name) < ($1.isDefault ? 0 : 1, $1.name) }
        let links = page.links
        let rows = branches.map { branch -> HTML in
            let flag: HTML = branch.isDefault ? " <small class=\"badge\">\(strings(.defaultBranch))</small>" : .empty
            return """
                <tr><td><a href="\(links.tree(branch.name))">\(branch.name)</a>\(flag)</td>
                <td><a class="sha" href="\(links.commit(branch.sha))">\(String(branch.sha.prefix(10)))</a></td>
                <td>\(WebFormat.time(branch.commitTime))</td><td><a href="\(links.commits(branch.name))">\(strings(.repoCommits))</a></td></tr>
                """
        }
        let body: HTML =
            branches.isEmpty
            ? "<p>\(strings(.noBranches))</p>"
            : """
            <div class="table-wrap"><table><thead><tr><th>\(strings(.branch))</th><th>\(strings(.commitSHA))</th>
            <th>\(strings(.commitDate))</th><th></th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        return try await repositoryFrame(page, request, title: strings(.branchesTitle, page.depot), current: .repoBranches, body)
    }

    @Sendable func tags(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let tags = try await page.readable.repository.tags().sorted { $0.name < $1.name }
        let links = page.links
        let rows = tags.map { tag -> HTML in
            let target = tag.targetSHA ?? tag.sha
            return """
                <tr><td><a href="\(links.tree(tag.name))">\(tag.name)</a></td>
                <td><a class="sha" href="\(links.commit(target))">\(String(target.prefix(10)))</a></td><td>\(tag.message ?? "")</td></tr>
                """
        }
        let body: HTML =
            tags.isEmpty
            ? "<p>\(strings(.noTags))</p>"
            : """
            <div class="table-wrap"><table><thead><tr><th>\(strings(.tag))</th><th>\(strings(.commitSHA))</th>
            <th>\(strings(.commitMessage))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        return try await repositoryFrame(page, request, title: strings(.tagsTitle, page.depot), current: .repoTags, body)
    }
}
