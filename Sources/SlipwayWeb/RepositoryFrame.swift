import Foundation
import HTTPTypes
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// What every repository page starts from: the caller, the depot they may read, and its frame
/// (title, tabs and clone URL).
struct RepositoryPage {
    let user: User
    let layout: Layout
    let readable: ReadableDepot
    var project: String { readable.depot.projectKey }
    var depot: String { readable.depot.name }
    var links: RepoLinks { RepoLinks(project: project, depot: depot) }
}

/// Addresses of the repository pages, every segment percent-encoded; a ref is one segment.
struct RepoLinks {
    let project: String
    let depot: String

    var base: String { "\(Links.project(project))/repos/\(HTML.component(depot))" }
    func tree(_ ref: String, _ path: String = "") -> String { "\(base)/tree/\(HTML.component(ref))\(Self.path(path))" }
    func blob(_ ref: String, _ path: String) -> String { "\(base)/blob/\(HTML.component(ref))\(Self.path(path))" }
    func raw(_ ref: String, _ path: String) -> String { "\(base)/raw/\(HTML.component(ref))\(Self.path(path))" }
    func commits(_ ref: String) -> String { "\(base)/commits/\(HTML.component(ref))" }
    func commit(_ sha: String) -> String { "\(base)/commit/\(HTML.component(sha))" }
    var branches: String { "\(base)/branches" }
    var tags: String { "\(base)/tags" }
    var mergeRequests: String { "\(base)/merge-requests" }
    func mergeRequest(_ iid: Int64) -> String { "\(base)/merge-requests/\(iid)" }

    /// `/a/b` for `a/b`, each segment encoded; "" for the root.
    static func path(_ path: String) -> String {
        path.split(separator: "/").map { "/" + HTML.component(String($0)) }.joined()
    }
}

extension WebPages {
    var hosting: HostingService { HostingService(services) }

    /// The signed-in caller and the depot named by the path, when they may read it (else the 404 page).
    func repositoryPage(_ request: Request, _ context: AppRequestContext) async throws -> RepositoryPage {
        let (user, layout) = try signedIn(request)
        let readable = try await hosting.readableDepot(
            project: try parameter("project", context), name: try parameter("depot", context), user: user)
        return RepositoryPage(user: user, layout: layout, readable: readable)
    }

    /// The ref and path a `tree/…`, `blob/…` or `raw/…` address names (`?ref=` wins).
    func refAndPath(_ request: Request, _ context: AppRequestContext, _ page: RepositoryPage) async throws -> (ref: String, path: String) {
        let segments = context.parameters.getCatchAll().map { String($0).removingPercentEncoding ?? String($0) }
        if let ref = request.uri.queryParameters.get("ref"), !ref.isEmpty {
            return (ref, segments.joined(separator: "/"))
        }
        return try await hosting.splitRef(segments, in: page.readable)
    }

    /// The page frame: heading, tabs, clone URL, then `content`.
    func repositoryFrame(_ page: RepositoryPage, _ request: Request, title: String, current: WebText, _ content: HTML) async throws -> Response {
        let ref = try await hosting.defaultRef(page.readable) ?? ""
        let links = page.links
        let tabs: [(WebText, String)] = [
            (.repoFiles, links.base), (.repoCommits, ref.isEmpty ? links.base : links.commits(ref)), (.repoBranches, links.branches),
            (.repoTags, links.tags), (.repoMergeRequests, links.mergeRequests),
        ]
        let nav = tabs.map { tab -> HTML in
            tab.0 == current
                ? "<a href=\"\(tab.1)\" aria-current=\"page\">\(strings(tab.0))</a>" : "<a href=\"\(tab.1)\">\(strings(tab.0))</a>"
        }
        let clone = hosting.cloneURL(page.readable.depot, baseURL: Self.baseURL(request))
        let body: HTML = """
            <p class="crumbs"><a href="\(Links.project(page.project))">\(page.project)</a> / <a href="\(links.base)">\(page.depot)</a></p>
            <h1>\(title)</h1>
            <nav class="tabs" aria-label="\(strings(.repoTitle, page.depot))">\(nav)</nav>
            <p class="clone"><label for="clone-url">\(strings(.cloneURL))</label> <input id="clone-url" readonly value="\(clone)"></p>
            \(content)
            """
        return WebResponse.page(page.layout.page(title: title, body))
    }

    /// `scheme://host[:port]` as the browser called us (`X-Forwarded-Proto` from a proxy).
    static func baseURL(_ request: Request) -> String {
        HostingService.baseURL(
            authority: request.head.authority, forwardedProto: request.headers[HTTPField.Name("X-Forwarded-Proto")!])
    }
}
