import Foundation
import Hummingbird
import SlipwayCore
import SlipwayGit
import SlipwayHTTP
import SlipwayServices

/// A repository's files: the tree of a ref, a file's content, and the raw file.
extension WebPages {
    /// Files larger than this are not shown on the page (the raw view serves them).
    static let maxShownFileBytes = 1 << 20
    /// The raw view serves files up to this size.
    static let maxRawFileBytes = 10 << 20

    /// The default branch's tree (or `?ref=`'s), or how to push to an empty repository.
    @Sendable func repositoryHome(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        var ref = request.uri.queryParameters.get("ref").flatMap { $0.isEmpty ? nil : $0 }
        if ref == nil { ref = try await hosting.defaultRef(page.readable) }
        guard let ref else {
            return try await repositoryFrame(
                page, request, title: strings(.repoTitle, page.depot), current: .repoFiles, "<p class=\"notice\">\(strings(.repoEmpty))</p>")
        }
        return try await treePage(page, request, ref: ref, path: "")
    }

    @Sendable func tree(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let (ref, path) = try await refAndPath(request, context, page)
        return try await treePage(page, request, ref: ref, path: path)
    }

    func treePage(_ page: RepositoryPage, _ request: Request, ref: String, path: String) async throws -> Response {
        let entries = try await page.readable.repository.tree(at: ref, path: path)
        let links = page.links
        let sorted = entries.filter { $0.type == .tree } + entries.filter { $0.type != .tree }
        var rows: [HTML] = []
        if !path.isEmpty {
            let parent = path.split(separator: "/").dropLast().joined(separator: "/")
            rows.append("<tr><td><a href=\"\(links.tree(ref, parent))\">..</a></td><td></td></tr>")
        }
        for entry in sorted {
            switch entry.type {
            case .tree: rows.append("<tr><td><a class=\"dir\" href=\"\(links.tree(ref, entry.path))\">\(entry.name)/</a></td><td></td></tr>")
            case .blob:
                rows.append(
                    "<tr><td><a class=\"file\" href=\"\(links.blob(ref, entry.path))\">\(entry.name)</a></td><td>\(RepoFormat.bytes(entry.size ?? 0))</td></tr>"
                )
            case .commit: rows.append("<tr><td>\(entry.name) <small>@ \(String(entry.sha.prefix(10)))</small></td><td></td></tr>")
            }
        }
        let body: HTML = """
            \(breadcrumbs(page, ref: ref, path: path))
            <div class="table-wrap"><table><thead><tr><th>\(strings(.fileName))</th><th>\(strings(.fileSize))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return try await repositoryFrame(page, request, title: strings(.repoTitle, page.depot), current: .repoFiles, body)
    }

    /// `ref: root / dir / file`, each part a link to its tree.
    func breadcrumbs(_ page: RepositoryPage, ref: String, path: String) -> HTML {
        var parts: [HTML] = ["<a href=\"\(page.links.tree(ref))\">\(page.depot)</a>"]
        var walked: [String] = []
        for part in path.split(separator: "/").map(String.init) {
            walked.append(part)
            parts.append(" / <a href=\"\(page.links.tree(ref, walked.joined(separator: "/")))\">\(part)</a>")
        }
        return "<p class=\"crumbs\"><span class=\"ref\">\(strings(.refLabel, ref))</span> · \(parts)</p>"
    }

    @Sendable func blob(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let (ref, path) = try await refAndPath(request, context, page)
        let blob = try await page.readable.repository.blob(at: ref, path: path, maxBytes: Self.maxShownFileBytes)
        let links = page.links
        let content: HTML
        if let bytes = blob.content, !blob.isBinary, let text = String(validating: bytes, as: UTF8.self) {
            content = text.isEmpty ? "<p class=\"notice\">\(strings(.fileEmpty))</p>" : "<pre class=\"file\"><code>\(text)</code></pre>"
        } else if blob.content == nil {
            content = "<p class=\"notice\">\(strings(.fileTooLarge, RepoFormat.bytes(blob.size)))</p>"
        } else {
            content = "<p class=\"notice\">\(strings(.fileBinary))</p>"
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let body: HTML = """
            \(breadcrumbs(page, ref: ref, path: path))
            <p>\(RepoFormat.bytes(blob.size)) · <a href="\(links.raw(ref, path))">\(strings(.viewRaw))</a></p>
            \(content)
            """
        return try await repositoryFrame(page, request, title: name, current: .repoFiles, body)
    }

    /// The file as plain text, never as markup the browser would run (`nosniff` on every web answer).
    @Sendable func raw(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await repositoryPage(request, context)
        let (ref, path) = try await refAndPath(request, context, page)
        let blob = try await page.readable.repository.blob(at: ref, path: path, maxBytes: Self.maxRawFileBytes)
        guard let bytes = blob.content else {
            throw SlipwayError.failedPrecondition(strings(.fileTooLarge, RepoFormat.bytes(blob.size)))
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/plain; charset=utf-8", .init("X-Content-Type-Options")!: "nosniff",
                .contentDisposition: "inline",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
