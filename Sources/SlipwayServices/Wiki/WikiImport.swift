import SlipwayCore

/// The pages a ZIP archive describes: every Markdown file (`.md`, `.markdown`) is a page titled by
/// its name, and every folder on the way is a page too, whose content is the Markdown file of
/// the same name beside it (`guide.md` and `guide/…`), if any. Siblings follow name order;
/// other files are ignored.
struct WikiImport: Sendable {
    struct Node: Sendable, Equatable {
        /// The path without extension, `a/b/c`.
        var key: String
        var title: String
        /// nil: a top-level page of the import.
        var parentKey: String?
        var content: String
        /// The page has a Markdown file of its own (not only a folder).
        var hasFile: Bool
    }

    static let extensions = [".md", ".markdown"]

    static func markdownKey(_ name: String) -> String? {
        let lower = name.lowercased()
        guard let ext = extensions.first(where: { lower.hasSuffix($0) }), name.count > ext.count else { return nil }
        return String(name.dropLast(ext.count))
    }

    /// The pages, parents before children; refused when a file is not UTF-8 text or there are none.
    static func nodes(_ files: [String: [UInt8]], limits: ZipLimits) throws -> [Node] {
        var contents: [String: String] = [:], keys = Set<String>()
        for (name, bytes) in files {
            guard let key = markdownKey(name) else { continue }
            guard let text = String(bytes: bytes, encoding: .utf8), !text.contains("\0") else {
                throw ZipDirectory.refuse("\(name.prefix(200)) is not UTF-8 text")
            }
            guard contents.updateValue(text, forKey: key) == nil else {
                throw ZipDirectory.refuse("two Markdown files describe page \(key.prefix(200))")
            }
            let segments = key.split(separator: "/")
            for depth in 1...segments.count { keys.insert(segments.prefix(depth).joined(separator: "/")) }
        }
        guard !keys.isEmpty else { throw ZipDirectory.refuse("it holds no Markdown (.md) file") }
        guard keys.count <= limits.maxEntries else { throw ZipDirectory.refuse("it describes more than \(limits.maxEntries) pages") }
        return keys.sorted().map { key in
            let segments = key.split(separator: "/")
            let parent = segments.count > 1 ? segments.dropLast().joined(separator: "/") : nil
            let title = String(String(segments.last ?? "").prefix(WikiPage.maxTitleLength))
            return Node(key: key, title: title, parentKey: parent, content: contents[key] ?? "", hasFile: contents[key] != nil)
        }
    }
}
