/// A small XML tokenizer for reports written by test tools (JUnit), bounded in what it accepts:
/// no DTD (`<!DOCTYPE` and `<!ENTITY` are refused), no entities beyond the five predefined ones
/// and numeric character references, nesting up to `maxDepth`, at most `maxElements` elements and
/// `maxAttributes` attributes per element. Input larger than `maxBytes` is refused before reading.
///
/// It reports elements and text as `Event`s; tags must nest properly.
struct BoundedXMLTokenizer {
    enum Event: Equatable {
        case start(name: String, attributes: [String: String], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    let bytes: [UInt8]
    let limits: JUnitReport.Limits
    private var index = 0
    private var depth = 0
    private var elements = 0
    private var open: [String] = []

    init(_ data: some Collection<UInt8>, limits: JUnitReport.Limits) throws(JUnitReportError) {
        guard data.count <= limits.maxBytes else { throw JUnitReportError("the report is larger than \(limits.maxBytes) bytes") }
        var bytes = Array(data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard !bytes.contains(0) else { throw JUnitReportError("the report contains a NUL byte") }
        self.bytes = bytes
        self.limits = limits
    }

    /// The line of the current position (for messages).
    var line: Int { 1 + bytes[..<min(index, bytes.count)].lazy.filter { $0 == 0x0A }.count }

    private func fail(_ problem: String) -> JUnitReportError { JUnitReportError("line \(line): \(problem)") }

    private func starts(with text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return index + utf8.count <= bytes.count && Array(bytes[index..<index + utf8.count]) == utf8
    }

    /// Move past the first `terminator` after the current position; the text skipped over.
    private mutating func skip(past terminator: String, what: String) throws(JUnitReportError) -> ArraySlice<UInt8> {
        let end = Array(terminator.utf8)
        let start = index
        while index + end.count <= bytes.count {
            if bytes[index] == end[0] && Array(bytes[index..<index + end.count]) == end {
                let skipped = bytes[start..<index]
                index += end.count
                return skipped
            }
            index += 1
        }
        throw fail("unterminated \(what)")
    }

    /// The next event, nil at the end of the input (with every element closed).
    mutating func next() throws(JUnitReportError) -> Event? {
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let start = index
                while index < bytes.count && bytes[index] != UInt8(ascii: "<") { index += 1 }
                let raw = bytes[start..<index]
                if open.isEmpty {
                    guard raw.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { throw fail("text outside the root element") }
                    continue
                }
                return .text(try decode(raw))
            }
            if starts(with: "<?") {
                index += 2
                _ = try skip(past: "?>", what: "processing instruction")
            } else if starts(with: "<!--") {
                index += 4
                _ = try skip(past: "-->", what: "comment")
            } else if starts(with: "<![CDATA[") {
                index += 9
                let raw = try skip(past: "]]>", what: "CDATA section")
                guard !open.isEmpty else { throw fail("CDATA outside the root element") }
                return .text(String(decoding: raw, as: UTF8.self))
            } else if starts(with: "<!") {
                throw fail("document type declarations and entity definitions are not accepted (<!DOCTYPE, <!ENTITY)")
            } else if starts(with: "</") {
                index += 2
                let name = try readName()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw fail("malformed end tag </\(name)") }
                index += 1
                guard let top = open.popLast(), top == name else { throw fail("end tag </\(name)> does not match an open element") }
                depth -= 1
                return .end(name: name)
            } else {
                return try readStartTag()
            }
        }
        guard open.isEmpty else { throw fail("element <\(open.last ?? "")> is not closed") }
        return nil
    }

    private mutating func readStartTag() throws(JUnitReportError) -> Event {
        index += 1
        let name = try readName()
        if open.isEmpty && elements > 0 { throw fail("a second root element <\(name)>") }
        elements += 1
        guard elements <= limits.maxElements else { throw fail("more than \(limits.maxElements) elements") }
        var attributes: [String: String] = [:]
        while true {
            skipSpace()
            guard index < bytes.count else { throw fail("unterminated tag <\(name)") }
            if bytes[index] == UInt8(ascii: "/") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else { throw fail("malformed tag <\(name)") }
                index += 2
                guard depth + 1 <= limits.maxDepth else { throw fail("nested deeper than \(limits.maxDepth) levels") }
                return .start(name: name, attributes: attributes, selfClosing: true)
            }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                depth += 1
                guard depth <= limits.maxDepth else { throw fail("nested deeper than \(limits.maxDepth) levels") }
                open.append(name)
                return .start(name: name, attributes: attributes, selfClosing: false)
            }
            let attribute = try readName()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw fail("attribute \(attribute) has no value") }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw fail("attribute \(attribute) value is not quoted")
            }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count && bytes[index] != quote {
                guard bytes[index] != UInt8(ascii: "<") else { throw fail("'<' in the value of attribute \(attribute)") }
                index += 1
            }
            guard index < bytes.count else { throw fail("unterminated value of attribute \(attribute)") }
            let value = try decode(bytes[start..<index])
            index += 1
            guard attributes[attribute] == nil else { throw fail("attribute \(attribute) repeated") }
            attributes[attribute] = value
            guard attributes.count <= limits.maxAttributes else { throw fail("more than \(limits.maxAttributes) attributes on <\(name)>") }
        }
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func readName() throws(JUnitReportError) -> String {
        let start = index
        while index < bytes.count {
            let b = bytes[index]
            let isNameByte =
                (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2E
                || b == 0x3A || b >= 0x80
            guard isNameByte else { break }
            index += 1
        }
        guard index > start, index - start <= 256 else { throw fail("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Text with the five predefined entities and numeric character references replaced; any
    /// other entity is refused (there is no DTD to define one).
    private func decode(_ raw: ArraySlice<UInt8>) throws(JUnitReportError) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            guard raw[i] == UInt8(ascii: "&") else {
                out.append(raw[i])
                i += 1
                continue
            }
            guard let semicolon = raw[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw fail("'&' without an entity") }
            let name = String(decoding: raw[(i + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var code: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    code = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    code = UInt32(name.dropFirst(), radix: 10)
                }
                guard let code, code != 0, let scalar = Unicode.Scalar(code) else { throw fail("unknown entity &\(name);") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
