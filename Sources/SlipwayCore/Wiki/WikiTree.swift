/// A project's wiki pages as a tree: children in order under each parent (0 for the top level).
package struct WikiTree: Sendable {
    package struct Node: Sendable {
        package var page: WikiPage
        package var children: [Node]
    }

    /// Pages by iid.
    package let pages: [Int64: WikiPage]
    /// Child iids of each parent, in order.
    package let children: [Int64: [Int64]]

    package init(_ pages: [WikiPage]) {
        self.pages = Dictionary(pages.map { ($0.iid, $0) }, uniquingKeysWith: { a, _ in a })
        var children: [Int64: [WikiPage]] = [:]
        for page in pages { children[page.parentIid, default: []].append(page) }
        self.children = children.mapValues { $0.sorted { ($0.position, $0.iid) < ($1.position, $1.iid) }.map(\.iid) }
    }

    /// The nested tree under `parent` (bounded by the page count, so a damaged cycle cannot loop).
    package func nodes(under parent: Int64 = 0) -> [Node] {
        var budget = pages.count
        return nodes(under: parent, budget: &budget)
    }

    private func nodes(under parent: Int64, budget: inout Int) -> [Node] {
        var out: [Node] = []
        for iid in children[parent] ?? [] {
            guard budget > 0, let page = pages[iid] else { break }
            budget -= 1
            out.append(Node(page: page, children: nodes(under: iid, budget: &budget)))
        }
        return out
    }

    /// `1/2/7`: the iids from the top level down to `iid`.
    package func path(_ iid: Int64) -> String {
        var chain: [Int64] = []
        var current: Int64? = iid
        while let c = current, c != 0, let page = pages[c], chain.count <= pages.count {
            chain.append(c)
            current = page.parentIid
        }
        return chain.reversed().map(String.init).joined(separator: "/")
    }

    /// `iid` and every page below it.
    package func subtree(_ iid: Int64) -> [Int64] {
        var out: [Int64] = []
        var queue = [iid]
        while let next = queue.popLast(), out.count <= pages.count {
            out.append(next)
            queue += children[next] ?? []
        }
        return out
    }

    /// `SUMMARY.md` of the wiki repository: the tree as a nested Markdown list of links.
    package func summary() -> String {
        var lines = ["# Summary", ""]
        func walk(_ nodes: [Node], depth: Int) {
            for node in nodes {
                let title = node.page.title.replacingOccurrences(of: "]", with: "\\]").replacingOccurrences(of: "\n", with: " ")
                lines.append(String(repeating: "  ", count: depth) + "- [\(title)](\(node.page.fileName))")
                walk(node.children, depth: depth + 1)
            }
        }
        walk(nodes(), depth: 0)
        return lines.joined(separator: "\n") + "\n"
    }
}
