import Foundation
import Hummingbird
import SlipwayCore
import SlipwayGit
import SlipwayHTTP
import SlipwayServices

/// A repository's merge requests: the list (by state) and one request with its diff,
/// discussion, reviewers and approvals, and the merge form with the protection verdict.
extension WebPages {
    static let mergeRequestsPerPage = 20

    @Sendable func mergeRequests(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let filter = request.uri.queryParameters.get("state") ?? "open"
        let states: [DepotMergeRequest.State]
        switch filter {
        case "open": states = [.open]
        case "merged": states = [.merged]
        case "closed": states = [.closed]
        case "all": states = []
        default: throw SlipwayError.invalidInput("state must be open, merged, closed or all")
        }
        let number = max(1, request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1)
        let found = try await hosting.mergeRequests(in: page.readable, states: states, page: number, pageSize: Self.mergeRequestsPerPage)
        let links = page.links
        let choices: [(String, WebText)] = [("open", .stateOpen), ("merged", .stateMerged), ("closed", .stateClosed), ("all", .stateAll)]
        let nav = choices.map { choice -> HTML in
            let current: HTML = choice.0 == filter ? " aria-current=\"page\"" : .empty
            return "<a href=\"\(links.mergeRequests)?state=\(choice.0)\"\(current)>\(strings(choice.1))</a>"
        }
        let rows = found.rows.map { mr -> HTML in
            """
            <tr><td><a href="\(links.mergeRequest(mr.iid))">!\(mr.iid) \(mr.title)</a></td><td>\(mr.sourceBranch) → \(mr.targetBranch)</td>
            <td>\(found.authors[mr.authorUID] ?? "")</td><td>\(mergeRequestState(mr.state))</td><td>\(WebFormat.time(mr.createdAt))</td></tr>
            """
        }
        let table: HTML =
            found.rows.isEmpty
            ? "<p>\(strings(.noMergeRequests))</p>"
            : """
            <div class="table-wrap"><table><thead><tr><th>\(strings(.mergeRequestName))</th><th>\(strings(.mergeRequestBranches))</th>
            <th>\(strings(.commitAuthor))</th><th>\(strings(.status))</th><th>\(strings(.started))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        let pages = max(1, (found.total + Self.mergeRequestsPerPage - 1) / Self.mergeRequestsPerPage)
        var pager: [HTML] = []
        let query = "\(links.mergeRequests)?state=\(filter)&page="
        if number > 1 { pager.append("<a rel=\"prev\" href=\"\(query)\(number - 1)\">\(strings(.previousPage))</a>") }
        pager.append("<span>\(strings(.pageOf, String(number), String(pages)))</span>")
        if number < pages { pager.append("<a rel=\"next\" href=\"\(query)\(number + 1)\">\(strings(.nextPage))</a>") }
        let body: HTML = """
            <nav class="actions" aria-label="\(strings(.status))">\(nav)</nav>
            \(table)
            <nav class="actions" aria-label="\(strings(.repoMergeRequests))">\(pager)</nav>
            """
        return try await repositoryFrame(page, request, title: strings(.mergeRequestsTitle, page.depot), current: .repoMergeRequests, body)
    }

    func mergeRequestState(_ state: DepotMergeRequest.State) -> HTML {
        let text: WebText = state == .open ? .stateOpen : state == .merged ? .stateMerged : .stateClosed
        return "<span class=\"status mr-\(state.rawValue)\">\(strings(text))</span>"
    }

    @Sendable func mergeRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let mr = try await hosting.mergeRequest(try mergeRequestID(context), in: page.readable)
        let review = try await hosting.review(mr, in: page.readable, by: page.user, maxPatchBytes: DiffView.maxPatchBytes)
        let links = page.links
        let reviewers: HTML =
            review.reviewers.isEmpty
            ? "<p>\(strings(.noReviewers))</p>"
            : "<ul>\(review.reviewers.map { "<li>\($0.account)\($0.approved ? " ✓ \(strings(.approvedMark))" : "")</li>" as HTML })</ul>"
        let notes: HTML =
            review.notes.isEmpty
            ? "<p>\(strings(.noComments))</p>"
            : "<ol class=\"notes\">\(review.notes.map { note -> HTML in "<li><p><strong>\(note.author)</strong> <small>\(WebFormat.time(note.createdAt))\(note.path.isEmpty ? "" : " · \(note.path)")</small></p><p class=\"note\">\(note.content)</p></li>" })</ol>"
        let commits = (review.comparison?.commits ?? []).map { commit -> HTML in
            "<li><a class=\"sha\" href=\"\(links.commit(commit.sha))\">\(String(commit.sha.prefix(10)))</a> \(commit.subject)</li>"
        }
        let diff: HTML = review.comparison.map { DiffView(strings: strings).render($0.files) } ?? "<p class=\"notice\">\(strings(.branchesGone))</p>"
        let author: HTML = review.actor.isEmpty ? .empty : " · \(strings(mr.state == .merged ? .mergedBy : .closedBy, review.actor))"
        let body: HTML = """
            <p class="mr-meta">\(mergeRequestState(mr.state)) · \(strings(.mergeRequestInto, mr.sourceBranch, mr.targetBranch)) · \(strings(.openedBy, review.author))\(author)</p>
            <p class="note">\(mr.description)</p>
            \(verdict(review, page))
            <section aria-labelledby="reviewers"><h2 id="reviewers">\(strings(.reviewers))</h2>
            <p>\(strings(.approvalsCount, String(review.approvals), String(review.requiredApprovals)))</p>
            \(reviewers)\(approvalForm(review, page))</section>
            <section aria-labelledby="comments"><h2 id="comments">\(strings(.comments))</h2>\(notes)\(commentForm(review, page))</section>
            <section aria-labelledby="changes"><h2 id="changes">\(strings(.changes))</h2><ul class="commits">\(commits)</ul>\(diff)</section>
            """
        return try await repositoryFrame(
            page, request, title: strings(.mergeRequestTitle, String(mr.iid), mr.title), current: .repoMergeRequests, body)
    }

    /// Whether the request can be merged now, and why not; the merge form when it can.
    func verdict(_ review: MergeRequestReview, _ page: RepositoryPage) -> HTML {
        let mr = review.request
        guard mr.state == .open else { return .empty }
        guard review.blockers.isEmpty else {
            let reasons = review.blockers.map { "<li>\($0)</li>" as HTML }
            return "<section class=\"notice\" aria-labelledby=\"verdict\"><h2 id=\"verdict\">\(strings(.cannotMerge))</h2><ul>\(reasons)</ul></section>"
        }
        return """
            <section class="notice" aria-labelledby="verdict"><h2 id="verdict">\(strings(.canMerge))</h2>
            <form class="stack" method="post" action="\(page.links.mergeRequest(mr.iid))/merge">\(page.layout.csrfField)
            <label><input type="checkbox" name="delete_source" value="true"> \(strings(.deleteSourceBranch, mr.sourceBranch))</label>
            <button type="submit" id="merge">\(strings(.mergeButton))</button>
            </form></section>
            """
    }

    /// Approve, or withdraw one's approval, while the request is open.
    func approvalForm(_ review: MergeRequestReview, _ page: RepositoryPage) -> HTML {
        guard review.request.state == .open, !page.readable.depot.isArchived, review.request.authorUID != page.user.uid else { return .empty }
        let approved = review.reviewers.contains { $0.account == page.user.account && $0.approved }
        guard approved || page.readable.access.allowsRepositoryWrite else { return .empty }
        return """
            <form class="inline" method="post" action="\(page.links.mergeRequest(review.request.iid))/approve">\(page.layout.csrfField)
            <input type="hidden" name="approved" value="\(approved ? "false" : "true")">
            <button type="submit" id="approve"\(approved ? " class=\"secondary\"" as HTML : .empty)>\(strings(approved ? .withdrawApproval : .approveMergeRequest))</button>
            </form>
            """
    }

    func commentForm(_ review: MergeRequestReview, _ page: RepositoryPage) -> HTML {
        guard !page.readable.depot.isArchived else { return .empty }
        return """
            <form class="stack" method="post" action="\(page.links.mergeRequest(review.request.iid))/comment">\(page.layout.csrfField)
            <label for="comment-content">\(strings(.addComment))</label>
            <textarea id="comment-content" name="content" rows="3" required></textarea>
            <button type="submit">\(strings(.postComment))</button>
            </form>
            """
    }

    func mergeRequestID(_ context: AppRequestContext) throws -> Int64 {
        guard let iid = Int64(try parameter("iid", context)) else { throw SlipwayError.notFound("no such merge request") }
        return iid
    }
}
