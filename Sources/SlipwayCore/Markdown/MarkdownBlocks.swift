/// The block renderers of `MarkdownHTML`. Each takes the lines and the index its block starts
/// at, writes the block's HTML, and returns the index of the first line after it.
enum MarkdownBlocks {
    typealias Lines = ArraySlice<ArraySlice<UInt8>>

    /// Lines indented four columns or more (blank lines between them included).
    static func indentedCode(_ lines: Lines, from start: Int, into out: inout [UInt8]) -> Int {
        var end = start
        var last = start
        while end < lines.endIndex {
            let (indent, body) = MarkdownLine.indentation(lines[end])
            if body.isEmpty {
                end += 1
                continue
            }
            guard indent >= 4 else { break }
            last = end
            end += 1
        }
        out += Array("<pre><code>".utf8)
        for index in start...last {
            MarkdownHTML.escape(MarkdownLine.dedent(lines[index], by: 4), into: &out)
            out.append(UInt8(ascii: "\n"))
        }
        out += Array("</code></pre>\n".utf8)
        return last + 1
    }

    /// A fenced code block, up to its closing fence or the end of the text.
    static func fencedCode(_ lines: Lines, from start: Int, fence: (mark: UInt8, length: Int, info: ArraySlice<UInt8>), into out: inout [UInt8])
        -> Int
    {
        let (indent, _) = MarkdownLine.indentation(lines[start])
        let language = fence.info.drop(while: MarkdownInline.isSpace).prefix { !MarkdownInline.isSpace($0) }
            .filter { MarkdownInline.isWordByte($0) && $0 < 128 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "_") }
        out += Array((language.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(String(decoding: language, as: UTF8.self))\">").utf8)
        var index = start + 1
        while index < lines.endIndex {
            let (_, body) = MarkdownLine.indentation(lines[index])
            if let closing = MarkdownLine.fence(body), closing.mark == fence.mark, closing.length >= fence.length,
                closing.info.allSatisfy(MarkdownInline.isSpace)
            {
                index += 1
                break
            }
            MarkdownHTML.escape(MarkdownLine.dedent(lines[index], by: indent), into: &out)
            out.append(UInt8(ascii: "\n"))
            index += 1
        }
        out += Array("</code></pre>\n".utf8)
        return index
    }

    /// Lines starting with `>`, rendered as blocks of their own one level deeper.
    static func quote(_ lines: Lines, from start: Int, depth: Int, into out: inout [UInt8]) -> Int {
        var inner: [ArraySlice<UInt8>] = []
        var index = start
        while index < lines.endIndex {
            let (indent, body) = MarkdownLine.indentation(lines[index])
            guard indent < 4, body.first == UInt8(ascii: ">") else { break }
            var rest = body.dropFirst()
            if rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
            inner.append(rest)
            index += 1
        }
        out += Array("<blockquote>\n".utf8)
        MarkdownHTML.renderBlocks(inner[...], depth: depth + 1, into: &out)
        out += Array("</blockquote>\n".utf8)
        return index
    }

    /// A list: items with the same kind of marker, each item's lines rendered as blocks one
    /// level deeper. A list with no blank line in it is tight: its items hold no `<p>`.
    static func list(_ lines: Lines, from start: Int, depth: Int, into out: inout [UInt8]) -> Int {
        let (_, firstBody) = MarkdownLine.indentation(lines[start])
        guard let first = MarkdownLine.listMarker(firstBody) else { return start + 1 }
        var items: [[ArraySlice<UInt8>]] = []
        var loose = false
        var index = start
        var contentIndent = 0
        var previousBlank = false
        while index < lines.endIndex {
            let line = lines[index]
            let (indent, body) = MarkdownLine.indentation(line)
            if body.isEmpty {
                if !items.isEmpty { items[items.count - 1].append(body) }
                previousBlank = true
                index += 1
                continue
            }
            if indent < 4, let marker = MarkdownLine.listMarker(body), marker.ordered == first.ordered, marker.mark == first.mark,
                indent < contentIndent || items.isEmpty
            {
                if previousBlank && !items.isEmpty { loose = true }
                contentIndent = indent + marker.contentOffset
                items.append([body.dropFirst(marker.contentOffset)])
            } else if indent >= contentIndent {
                if previousBlank { loose = true }
                items[items.count - 1].append(MarkdownLine.dedent(line, by: contentIndent))
            } else if !previousBlank && !MarkdownLine.interruptsParagraph(body) {
                // A lazy continuation of the item's paragraph.
                items[items.count - 1].append(body)
            } else {
                break
            }
            previousBlank = false
            index += 1
        }
        // Blank lines at the end belong after the list, not in its last item.
        while let last = items.last?.last, last.isEmpty { items[items.count - 1].removeLast() }
        let tag = first.ordered ? "ol" : "ul"
        out += Array((first.ordered && first.start != 1 ? "<ol start=\"\(first.start)\">\n" : "<\(tag)>\n").utf8)
        for item in items {
            out += Array("<li>".utf8)
            var body: [UInt8] = []
            MarkdownHTML.renderBlocks(item[...], depth: depth + 1, into: &body)
            if !loose { body = tightened(body) }
            out += body
            while out.last == UInt8(ascii: "\n") { out.removeLast() }
            out += Array("</li>\n".utf8)
        }
        out += Array("</\(tag)>\n".utf8)
        return index
    }

    /// A tight item's HTML: its own paragraphs without their `<p>` (nested blocks keep theirs).
    private static func tightened(_ html: [UInt8]) -> [UInt8] {
        var text = String(decoding: html, as: UTF8.self)
        if text.hasPrefix("<p>"), let close = text.range(of: "</p>\n") {
            let inner = text[text.index(text.startIndex, offsetBy: 3)..<close.lowerBound]
            if !inner.contains("<p>") { text = inner + "\n" + text[close.upperBound...] }
        }
        return Array(text.utf8)
    }

    /// Lines up to a blank line or the start of another block; a `===` or `---` line under them
    /// makes them a heading.
    static func paragraph(_ lines: Lines, from start: Int, depth: Int, into out: inout [UInt8]) -> Int {
        var text: [UInt8] = []
        var index = start
        while index < lines.endIndex {
            let (indent, body) = MarkdownLine.indentation(lines[index])
            if body.isEmpty { break }
            if index > start {
                if indent < 4, let level = MarkdownLine.setextLevel(body) {
                    out += Array("<h\(level)>".utf8)
                    MarkdownInline.render(text[...], depth: depth, into: &out)
                    out += Array("</h\(level)>\n".utf8)
                    return index + 1
                }
                if indent < 4 && MarkdownLine.interruptsParagraph(body) { break }
                text.append(UInt8(ascii: "\n"))
            }
            text += body
            index += 1
        }
        while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text.removeLast() }
        out += Array("<p>".utf8)
        MarkdownInline.render(text[...], depth: depth, into: &out)
        out += Array("</p>\n".utf8)
        return index
    }
}
