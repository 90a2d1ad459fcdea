/// The inline part of `MarkdownHTML`: code spans, emphasis, strike-through, links, images,
/// autolinks, hard line breaks and backslash escapes, over the UTF-8 bytes of one block's text.
/// Every other byte is escaped. A delimiter with no closer is text; the search for closers is
/// remembered per kind, so a line of unclosed openers costs linear time, not quadratic.
struct MarkdownInline {
    private let text: [UInt8]
    private let depth: Int
    /// Per delimiter kind, the position from which a search for its closer already failed.
    private var noCloserFrom: [String: Int] = [:]
    /// Per byte, the last search for it: where it started and what it found (nil: none after).
    private var lastSearch: [UInt8: (from: Int, found: Int?)] = [:]

    init(_ text: ArraySlice<UInt8>, depth: Int) {
        self.text = Array(text)
        self.depth = depth
    }

    /// `text` as HTML.
    static func render(_ text: ArraySlice<UInt8>, depth: Int, into out: inout [UInt8]) {
        var inline = MarkdownInline(text, depth: depth)
        inline.render(into: &out)
    }

    private mutating func render(into out: inout [UInt8]) {
        guard depth < MarkdownHTML.maxDepth else {
            MarkdownHTML.escape(text[...], into: &out)
            return
        }
        var i = 0
        while i < text.count {
            let byte = text[i]
            switch byte {
            case UInt8(ascii: "\\") where i + 1 < text.count && Self.isPunctuation(text[i + 1]):
                MarkdownHTML.escape(text[(i + 1)...(i + 1)], into: &out)
                i += 2
            case UInt8(ascii: "\\") where i + 1 < text.count && text[i + 1] == UInt8(ascii: "\n"):
                out += Array("<br />\n".utf8)
                i += 2
            case UInt8(ascii: "\n"):
                // Two trailing spaces make a hard break; the spaces themselves are dropped.
                var end = out.count
                while end > 0 && out[end - 1] == UInt8(ascii: " ") { end -= 1 }
                let hard = out.count - end >= 2
                out.removeSubrange(end...)
                out += Array((hard ? "<br />\n" : "\n").utf8)
                i += 1
            case UInt8(ascii: "`"):
                i = codeSpan(at: i, into: &out)
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                i = emphasis(at: i, into: &out)
            case UInt8(ascii: "!") where i + 1 < text.count && text[i + 1] == UInt8(ascii: "["):
                i =
                    link(at: i + 1, image: true, into: &out)
                    ?? {
                        MarkdownHTML.escape(text[i...i], into: &out); return i + 1
                    }()
            case UInt8(ascii: "["):
                i =
                    link(at: i, image: false, into: &out)
                    ?? {
                        MarkdownHTML.escape(text[i...i], into: &out); return i + 1
                    }()
            case UInt8(ascii: "<"):
                i = autolink(at: i, into: &out)
            default:
                MarkdownHTML.escape(text[i...i], into: &out)
                i += 1
            }
        }
    }

    /// A run of backticks opens a code span closed by a run of the same length.
    private mutating func codeSpan(at start: Int, into out: inout [UInt8]) -> Int {
        var end = start
        while end < text.count && text[end] == UInt8(ascii: "`") { end += 1 }
        let length = end - start
        let kind = "`\(length)"
        if (noCloserFrom[kind] ?? Int.max) > end {
            var j = end
            while j < text.count {
                guard text[j] == UInt8(ascii: "`") else {
                    j += 1
                    continue
                }
                var run = j
                while run < text.count && text[run] == UInt8(ascii: "`") { run += 1 }
                if run - j == length {
                    var body = text[end..<j]
                    // One space on each side is padding when both are there.
                    if body.count >= 2 && body.first == UInt8(ascii: " ") && body.last == UInt8(ascii: " ") { body = body.dropFirst().dropLast() }
                    out += Array("<code>".utf8)
                    MarkdownHTML.escape(body, into: &out)
                    out += Array("</code>".utf8)
                    return run
                }
                j = run
            }
            noCloserFrom[kind] = end
        }
        MarkdownHTML.escape(text[start..<end], into: &out)
        return end
    }

    /// `**strong**`, `__strong__`, `*em*`, `_em_` and `~~del~~`: an opener followed by a
    /// non-space, closed by the same run preceded by a non-space.
    private mutating func emphasis(at start: Int, into out: inout [UInt8]) -> Int {
        let mark = text[start]
        var end = start
        while end < text.count && text[end] == mark && end - start < 2 { end += 1 }
        let length = end - start
        let tags: (String, String)?
        switch (mark, length) {
        case (UInt8(ascii: "~"), 2): tags = ("<del>", "</del>")
        case (UInt8(ascii: "~"), _): tags = nil
        case (_, 2): tags = ("<strong>", "</strong>")
        default: tags = ("<em>", "</em>")
        }
        // `_` inside a word (snake_case) is text.
        let intraword = mark == UInt8(ascii: "_") && start > 0 && Self.isWordByte(text[start - 1])
        let kind = "\(mark)\(length)"
        if let tags, !intraword, end < text.count, !Self.isSpace(text[end]), (noCloserFrom[kind] ?? Int.max) > end {
            if let close = closer(of: mark, length: length, from: end + 1) {
                out += Array(tags.0.utf8)
                MarkdownInline.render(text[end..<close], depth: depth + 1, into: &out)
                out += Array(tags.1.utf8)
                return close + length
            }
            noCloserFrom[kind] = end
        }
        MarkdownHTML.escape(text[start..<end], into: &out)
        return end
    }

    /// The start of the next run of exactly `length` `mark`s after a non-space, from `from` on.
    private func closer(of mark: UInt8, length: Int, from: Int) -> Int? {
        var j = from
        while j < text.count {
            if text[j] == UInt8(ascii: "\\") {
                j += 2
                continue
            }
            guard text[j] == mark else {
                j += 1
                continue
            }
            var run = j
            while run < text.count && text[run] == mark { run += 1 }
            if run - j == length && !Self.isSpace(text[j - 1]) {
                let intraword = mark == UInt8(ascii: "_") && run < text.count && Self.isWordByte(text[run])
                if !intraword { return j }
            }
            j = run
        }
        return nil
    }

    /// `[text](target "title")`, or an image with `![alt](target)`. Nil when it is not one.
    private mutating func link(at open: Int, image: Bool, into out: inout [UInt8]) -> Int? {
        guard let close = nextIndex(of: UInt8(ascii: "]"), after: open) else { return nil }
        guard close + 1 < text.count, text[close + 1] == UInt8(ascii: "("), let end = nextIndex(of: UInt8(ascii: ")"), after: close + 1) else {
            return nil
        }
        var inside = text[(close + 2)..<end]
        while let first = inside.first, Self.isSpace(first) { inside = inside.dropFirst() }
        let target = inside.prefix { !Self.isSpace($0) }
        let rest = inside.dropFirst(target.count).drop(while: Self.isSpace)
        var title: ArraySlice<UInt8> = []
        if rest.count >= 2, rest.first == UInt8(ascii: "\""), rest.last == UInt8(ascii: "\"") { title = rest.dropFirst().dropLast() }
        let url = MarkdownHTML.safeURL(String(decoding: target, as: UTF8.self))
        let label = text[(open + 1)..<close]
        if image {
            out += Array("<img src=\"".utf8)
            MarkdownHTML.escape(Array(url.utf8)[...], into: &out)
            out += Array("\" alt=\"".utf8)
            MarkdownHTML.escape(label, into: &out)
            out += Array("\"".utf8)
        } else {
            out += Array("<a href=\"".utf8)
            MarkdownHTML.escape(Array(url.utf8)[...], into: &out)
            out += Array("\"".utf8)
        }
        if !title.isEmpty {
            out += Array(" title=\"".utf8)
            MarkdownHTML.escape(title, into: &out)
            out += Array("\"".utf8)
        }
        if image {
            out += Array(" />".utf8)
        } else {
            out += Array(">".utf8)
            MarkdownInline.render(label, depth: depth + 1, into: &out)
            out += Array("</a>".utf8)
        }
        return end + 1
    }

    /// The first `byte` after `position`. A search that starts inside the range of the previous
    /// one for the same byte reuses its answer, so a line of unclosed `[` stays linear.
    private mutating func nextIndex(of byte: UInt8, after position: Int) -> Int? {
        if let last = lastSearch[byte], position >= last.from, position < (last.found ?? Int.max) { return last.found }
        let found = text[(position + 1)...].firstIndex(of: byte)
        lastSearch[byte] = (position, found)
        return found
    }

    /// `<https://…>` or `<mailto:…>` becomes a link; any other `<` is text (raw HTML is shown, not run).
    private func autolink(at open: Int, into out: inout [UInt8]) -> Int {
        var end = open + 1
        while end < text.count, end - open < 2048, text[end] != UInt8(ascii: ">"), !Self.isSpace(text[end]), text[end] != UInt8(ascii: "<") {
            end += 1
        }
        if end < text.count, text[end] == UInt8(ascii: ">") {
            let target = String(decoding: text[(open + 1)..<end], as: UTF8.self)
            let lower = target.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") {
                out += Array("<a href=\"".utf8)
                MarkdownHTML.escape(text[(open + 1)..<end], into: &out)
                out += Array("\">".utf8)
                MarkdownHTML.escape(text[(open + 1)..<end], into: &out)
                out += Array("</a>".utf8)
                return end + 1
            }
        }
        MarkdownHTML.escape(text[open...open], into: &out)
        return open + 1
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte >= 128
    }

    static func isPunctuation(_ byte: UInt8) -> Bool {
        (33...47).contains(byte) || (58...64).contains(byte) || (91...96).contains(byte) || (123...126).contains(byte)
    }
}
