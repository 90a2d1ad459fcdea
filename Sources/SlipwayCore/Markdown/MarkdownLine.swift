/// What one line of Markdown starts: the tests `MarkdownHTML` and `MarkdownBlocks` sort lines by.
enum MarkdownLine {
    typealias Line = ArraySlice<UInt8>

    /// A list item's marker: ordered (with its number) or not, the bullet or delimiter byte, and
    /// where the item's text starts in the line's body.
    struct ListMarker {
        var ordered: Bool
        var start: Int
        var mark: UInt8
        var contentOffset: Int
    }

    /// The line's indentation in columns (a tab counts 4) and the rest of it.
    static func indentation(_ line: Line) -> (Int, Line) {
        var columns = 0
        var rest = line
        while let first = rest.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            columns += first == UInt8(ascii: "\t") ? 4 : 1
            rest = rest.dropFirst()
        }
        return (columns, rest)
    }

    /// `line` without up to `columns` columns of indentation.
    static func dedent(_ line: Line, by columns: Int) -> Line {
        var removed = 0
        var rest = line
        while removed < columns, let first = rest.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            removed += first == UInt8(ascii: "\t") ? 4 : 1
            rest = rest.dropFirst()
        }
        return rest
    }

    /// A code fence (three or more backticks or tildes) with its info string.
    static func fence(_ body: Line) -> (mark: UInt8, length: Int, info: Line)? {
        guard let mark = body.first, mark == UInt8(ascii: "`") || mark == UInt8(ascii: "~") else { return nil }
        let length = body.prefix { $0 == mark }.count
        guard length >= 3 else { return nil }
        let info = body.dropFirst(length)
        if mark == UInt8(ascii: "`") && info.contains(UInt8(ascii: "`")) { return nil }
        return (mark, length, info)
    }

    /// 1 to 6 for an ATX heading (`#` … `######` then a space or the end).
    static func headingLevel(_ body: Line) -> Int? {
        let level = body.prefix { $0 == UInt8(ascii: "#") }.count
        guard (1...6).contains(level) else { return nil }
        let after = body.dropFirst(level)
        return after.isEmpty || MarkdownInline.isSpace(after.first!) ? level : nil
    }

    /// A thematic break: three or more of one of `-`, `*`, `_`, with spaces between.
    static func isRule(_ body: Line) -> Bool {
        guard let mark = body.first, mark == UInt8(ascii: "-") || mark == UInt8(ascii: "*") || mark == UInt8(ascii: "_") else { return false }
        var count = 0
        for byte in body {
            if byte == mark {
                count += 1
            } else if !MarkdownInline.isSpace(byte) {
                return false
            }
        }
        return count >= 3
    }

    /// The underline of a setext heading: 1 for `===`, 2 for `---`.
    static func setextLevel(_ body: Line) -> Int? {
        var trimmed = body
        while let last = trimmed.last, MarkdownInline.isSpace(last) { trimmed = trimmed.dropLast() }
        guard let mark = trimmed.first, trimmed.allSatisfy({ $0 == mark }) else { return nil }
        if mark == UInt8(ascii: "=") { return 1 }
        if mark == UInt8(ascii: "-") { return 2 }
        return nil
    }

    /// `- `, `* `, `+ `, or a number of up to 9 digits then `.` or `)` and a space.
    static func listMarker(_ body: Line) -> ListMarker? {
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            let after = body.dropFirst()
            guard after.isEmpty || after.first == UInt8(ascii: " ") || after.first == UInt8(ascii: "\t") else { return nil }
            return ListMarker(ordered: false, start: 1, mark: first, contentOffset: after.isEmpty ? 1 : 2)
        }
        let digits = body.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard (1...9).contains(digits.count) else { return nil }
        let rest = body.dropFirst(digits.count)
        guard let delimiter = rest.first, delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")") else { return nil }
        let after = rest.dropFirst()
        guard after.isEmpty || after.first == UInt8(ascii: " ") || after.first == UInt8(ascii: "\t") else { return nil }
        let number = Int(String(decoding: digits, as: UTF8.self)) ?? 1
        return ListMarker(ordered: true, start: number, mark: delimiter, contentOffset: digits.count + (after.isEmpty ? 1 : 2))
    }

    /// Whether `body` (a line's text after its indentation) starts a block that ends a paragraph.
    static func interruptsParagraph(_ body: Line) -> Bool {
        if fence(body) != nil || headingLevel(body) != nil || isRule(body) || body.first == UInt8(ascii: ">") { return true }
        // As in CommonMark: a list interrupts a paragraph only with text, and numbered only from 1.
        guard let marker = listMarker(body), body.count > marker.contentOffset else { return false }
        return !marker.ordered || marker.start == 1
    }
}
