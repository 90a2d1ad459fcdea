import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayStore

/// CODING wiki (issue 16): a project's pages in a tree, numbered per project, each change a
/// commit of the project's wiki repository (`WikiStorage`).
///
/// Order of writes: the page number is reserved first (a counter, no visible page), then the
/// commit is made, then the rows are written in one transaction. A failed row write leaves at most
/// an unreferenced commit in the history; a failed commit leaves a skipped number. Reads take a
/// page's content from the commit its latest recorded version names, so the two never disagree.
package struct WikiService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var access: WikiAccess { WikiAccess(store: store) }
    var storage: WikiStorage { WikiStorage(context) }

    /// A page as shown: the version asked for (the latest by default) with its content.
    package struct Detail: Sendable {
        package var page: WikiPage
        package var content: String
        package var version: WikiVersion
        package var versionCount: Int
        package var lastVersion: Int64
        package var path: String
        package var canMaintain: Bool
        package var people: PlanningPeople
    }

    package func create(
        projectKey: String, title: String, content: String, parentIid: Int64, message: String?, by user: User
    ) async throws -> Detail {
        try await access.require(user, projectKey: projectKey, write: true)
        let title = try Self.validTitle(title)
        try Self.validContent(content)
        let tree = WikiTree(try await store.wiki.pages(projectKey: projectKey))
        guard parentIid == 0 || tree.pages[parentIid] != nil else {
            throw SlipwayError.invalidInput("ParentIid \(parentIid) is not a page of project \(projectKey)")
        }
        let now = EpochMillis.now()
        var page = WikiPage(projectKey: projectKey, title: title)
        page.iid = try await store.wiki.reserveIids(projectKey: projectKey, count: 1)
        (page.parentIid, page.position) = (parentIid, Int64(tree.children[parentIid]?.count ?? 0))
        (page.creatorUID, page.editorUID, page.createdAt, page.updatedAt) = (user.uid, user.uid, now, now)
        let text = Self.message(message, default: "Create page \(title)")
        guard
            let commit = try await storage.commit(
                projectKey: projectKey, actions: [.create(path: page.fileName, content: .text(content))],
                summary: WikiTree(Array(tree.pages.values) + [page]).summary(), message: text, by: user)
        else { throw SlipwayError.internalError("creating a wiki page committed nothing") }
        let version = WikiVersion(commit: commit, title: title, message: text, editorUID: user.uid, createdAt: now)
        _ = try await store.wiki.create([(page, version)])
        return try await detail(projectKey: projectKey, iid: page.iid, version: 0, canMaintain: true)
    }

    package func modify(projectKey: String, iid: Int64, title: String, content: String, message: String?, by user: User) async throws -> Detail {
        try await access.require(user, projectKey: projectKey, write: true)
        let title = try Self.validTitle(title)
        try Self.validContent(content)
        let current = try await detail(projectKey: projectKey, iid: iid, version: 0, canMaintain: true)
        guard current.content != content || current.page.title != title else { return current }
        var pages = try await store.wiki.pages(projectKey: projectKey)
        var page = current.page
        let now = EpochMillis.now()
        (page.title, page.editorUID, page.updatedAt) = (title, user.uid, now)
        pages = pages.map { $0.iid == iid ? page : $0 }
        let text = Self.message(message, default: "Update page \(title)")
        let actions: [FileAction] = current.content == content ? [] : [.update(path: page.fileName, content: .text(content))]
        guard
            let commit = try await storage.commit(
                projectKey: projectKey, actions: actions, summary: WikiTree(pages).summary(), message: text, by: user)
        else { return current }
        try await store.wiki.update(page, version: WikiVersion(commit: commit, title: title, message: text, editorUID: user.uid, createdAt: now))
        return try await detail(projectKey: projectKey, iid: iid, version: 0, canMaintain: true)
    }

    /// Delete a page and every page below it.
    package func delete(projectKey: String, iid: Int64, by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        let tree = WikiTree(try await store.wiki.pages(projectKey: projectKey))
        guard let page = tree.pages[iid] else { throw SlipwayError.notFound("wiki page \(iid) not found in project \(projectKey)") }
        let gone = Set(tree.subtree(iid))
        _ = try await storage.commit(
            projectKey: projectKey, actions: gone.sorted().map { .delete(path: WikiPage.fileName($0)) },
            summary: WikiTree(tree.pages.values.filter { !gone.contains($0.iid) }).summary(), message: "Delete page \(page.title)",
            by: user)
        try await store.wiki.delete(projectKey: projectKey, iids: Array(gone))
    }

    /// A page at version `version` (0: the latest).
    package func page(projectKey: String, iid: Int64, version: Int64, by user: User) async throws -> Detail {
        let canMaintain = try await access.require(user, projectKey: projectKey, write: false)
        return try await detail(projectKey: projectKey, iid: iid, version: version, canMaintain: canMaintain)
    }

    /// DescribeWikiList's answer: the tree, each page's latest content, the people named.
    package struct PageList: Sendable {
        package var nodes: [WikiTree.Node]
        package var contents: [Int64: String]
        package var people: PlanningPeople
        package var canMaintain: Bool
    }

    /// The project's pages as a tree, each with its latest content.
    package func list(projectKey: String, by user: User) async throws -> PageList {
        let canMaintain = try await access.require(user, projectKey: projectKey, write: false)
        let pages = try await store.wiki.pages(projectKey: projectKey)
        let commits = try await store.wiki.latestCommits(projectKey: projectKey)
        var contents: [Int64: String] = [:]
        for page in pages {
            guard let commit = commits[page.id] else { continue }
            contents[page.iid] = try await storage.content(projectKey: projectKey, iid: page.iid, at: commit)
        }
        let people = try await PlanningAccess(store: store).people(pages.flatMap { [$0.creatorUID, $0.editorUID] })
        return PageList(nodes: WikiTree(pages).nodes(), contents: contents, people: people, canMaintain: canMaintain)
    }

    func detail(projectKey: String, iid: Int64, version number: Int64, canMaintain: Bool) async throws -> Detail {
        guard let page = try await store.wiki.page(projectKey: projectKey, iid: iid) else {
            throw SlipwayError.notFound("wiki page \(iid) not found in project \(projectKey)")
        }
        let versions = try await store.wiki.versions(pageID: page.id)
        guard let last = versions.last else { throw SlipwayError.notFound("wiki page \(iid) has no version") }
        guard number >= 0, let version = number == 0 ? last : versions.first(where: { $0.number == number }) else {
            throw SlipwayError.notFound("wiki page \(iid) has no version \(number)")
        }
        var shown = page
        shown.title = version.title
        let content = try await storage.content(projectKey: projectKey, iid: iid, at: version.commit)
        let tree = WikiTree(try await store.wiki.pages(projectKey: projectKey))
        let people = try await PlanningAccess(store: store).people([page.creatorUID, page.editorUID, version.editorUID])
        return Detail(
            page: shown, content: content, version: version, versionCount: versions.count, lastVersion: last.number, path: tree.path(iid),
            canMaintain: canMaintain, people: people)
    }

    static func validTitle(_ title: String) throws -> String {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= WikiPage.maxTitleLength, !trimmed.contains(where: \.isNewline) else {
            throw SlipwayError.invalidInput("Title must be one line of 1…\(WikiPage.maxTitleLength) characters")
        }
        return trimmed
    }

    static func validContent(_ content: String) throws {
        guard content.utf8.count <= WikiPage.maxContentBytes else {
            throw SlipwayError.invalidInput("Content exceeds \(WikiPage.maxContentBytes) bytes")
        }
    }

    static func message(_ message: String?, default fallback: String) -> String {
        let trimmed = (message ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? fallback : String(trimmed.prefix(1000))
    }
}
