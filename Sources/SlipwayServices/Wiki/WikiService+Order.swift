import SlipwayCore
import SlipwayStore

extension WikiService {
    /// Where ModifyWikiOrder puts a page: under `parentIid` (0: the top level), just before
    /// sibling `before` or just after sibling `after` (neither: last).
    package struct Placement: Sendable {
        package var parentIid: Int64
        package var before: Int64 = 0
        package var after: Int64 = 0
        /// Move even when a sibling there has the same title.
        package var forced = false

        package init(parentIid: Int64, before: Int64 = 0, after: Int64 = 0, forced: Bool = false) {
            (self.parentIid, self.before, self.after, self.forced) = (parentIid, before, after, forced)
        }
    }

    /// Move page `iid` in the tree; the new tree is committed (`SUMMARY.md`), then stored.
    package func move(projectKey: String, iid: Int64, to placement: Placement, by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        let tree = WikiTree(try await store.wiki.pages(projectKey: projectKey))
        guard var page = tree.pages[iid] else { throw SlipwayError.notFound("wiki page \(iid) not found in project \(projectKey)") }
        let parent = placement.parentIid
        guard parent == 0 || tree.pages[parent] != nil else {
            throw SlipwayError.invalidInput("ParentIid \(parent) is not a page of project \(projectKey)")
        }
        guard !tree.subtree(iid).contains(parent) else {
            throw SlipwayError.invalidInput("a page cannot move under itself or a page below it")
        }
        var siblings = (tree.children[parent] ?? []).filter { $0 != iid }
        if !placement.forced, let twin = siblings.first(where: { tree.pages[$0]?.title == page.title }) {
            throw SlipwayError.conflict("page \(twin) under the new parent is also titled \(page.title); pass Forced to move anyway")
        }
        var index = siblings.count
        for (anchor, offset, field) in [(placement.before, 0, "Before"), (placement.after, 1, "After")] where anchor != 0 {
            guard let at = siblings.firstIndex(of: anchor) else {
                throw SlipwayError.invalidInput("\(field) \(anchor) is not another page under parent \(parent)")
            }
            index = at + offset
            break
        }
        siblings.insert(iid, at: index)
        page.parentIid = parent
        var pages = tree.pages
        pages[iid] = page
        for (position, sibling) in siblings.enumerated() { pages[sibling]?.position = Int64(position) }
        _ = try await storage.commit(
            projectKey: projectKey, actions: [], summary: WikiTree(Array(pages.values)).summary(), message: "Move page \(page.title)", by: user)
        try await store.wiki.move(projectKey: projectKey, iid: iid, parentIid: parent, order: siblings)
    }
}
