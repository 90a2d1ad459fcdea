/// Markdown as HTML, for what users write and others read (wiki pages, release notes, merge
/// request descriptions): headings, paragraphs, lists, block quotes, fenced and indented code,
/// rules, and the inline forms of `MarkdownInline`. It is safe to show: every character of the
/// text is escaped, raw HTML appears as text, and links and images only go to http(s), mailto
/// or relative targets. It is bounded: text past `maxBytes` is shown escaped but not rendered,
/// and lists and quotes nest at most `maxDepth` deep.
package enum MarkdownHTML {
    package static let maxBytes = 1 << 20
    package static let maxDepth = 16

    /// `markdown` as HTML ("" for empty text).
    package static func render(_ markdown: String) -> String {
        var bytes = Array(markdown.utf8)
        var tail: ArraySlice<UInt8> = []
        if bytes.count > maxBytes {
            tail = bytes[maxBytes...]
            bytes.removeSubrange(maxBytes...)
        }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        renderBlocks(lines[...], depth: 0, into: &out)
        if !tail.isEmpty {
            out += Array("<pre>".utf8)
            escape(tail, into: &out)
            out += Array("</pre>\n".utf8)
        }
        while out.last == UInt8(ascii: "\n") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// The blocks of `lines`, in order.
    static func renderBlocks(_ lines: ArraySlice<ArraySlice<UInt8>>, depth: Int, into out: inout [UInt8]) {
        guard depth < maxDepth else {
            // Nested too deep: the rest is shown as text.
            out += Array("<p>".utf8)
            for (n, line) in lines.enumerated() {
                if n > 0 { out.append(UInt8(ascii: "\n")) }
                escape(line, into: &out)
            }
            out += Array("</p>\n".utf8)
            return
        }
        var i = lines.startIndex
        while i < lines.endIndex {
            let line = lines[i]
            let (indent, body) = MarkdownLine.indentation(line)
            if body.isEmpty {
                i += 1
            } else if indent >= 4 {
                i = MarkdownBlocks.indentedCode(lines, from: i, into: &out)
            } else if let fence = MarkdownLine.fence(body) {
                i = MarkdownBlocks.fencedCode(lines, from: i, fence: fence, into: &out)
            } else if let level = MarkdownLine.headingLevel(body) {
                var text = body.dropFirst(level).drop(while: MarkdownInline.isSpace)
                while let last = text.last, last == UInt8(ascii: "#") || MarkdownInline.isSpace(last) { text = text.dropLast() }
                out += Array("<h\(level)>".utf8)
                MarkdownInline.render(text, depth: depth, into: &out)
                out += Array("</h\(level)>\n".utf8)
                i += 1
            } else if MarkdownLine.isRule(body) {
                out += Array("<hr />\n".utf8)
                i += 1
            } else if body.first == UInt8(ascii: ">") {
                i = MarkdownBlocks.quote(lines, from: i, depth: depth, into: &out)
            } else if MarkdownLine.listMarker(body) != nil {
                i = MarkdownBlocks.list(lines, from: i, depth: depth, into: &out)
            } else {
                i = MarkdownBlocks.paragraph(lines, from: i, depth: depth, into: &out)
            }
        }
    }

    /// `url` when it is safe to link to (http, https, mailto, or relative), otherwise "#".
    package static func safeURL(_ url: String) -> String {
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return url }
        // Relative: no scheme before the first '/', '?' or '#'.
        let head = lower.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if !head.contains(":") && !lower.contains("\\") { return url }
        return "#"
    }

    /// `bytes` with `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            case 0: out += Array("\u{FFFD}".utf8)
            default: out.append(byte)
            }
        }
    }
}
