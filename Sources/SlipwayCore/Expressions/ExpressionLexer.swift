/// Tokens of the expression language.
enum ExpressionToken: Sendable, Equatable {
    case number(Double)
    case string(String)
    case identifier(String)
    /// Operators and punctuation: `== != <= >= < > && || ! ? : . , ( ) [ ] - +`.
    case symbol(String)
    case keyword(String)
}

enum ExpressionLexer {
    static let keywords: Set<String> = ["true", "false", "null", "in"]
    static let twoCharSymbols: Set<String> = ["==", "!=", "<=", ">=", "&&", "||"]
    static let oneCharSymbols: Set<UInt8> = Array("<>!?:.,()[]-+".utf8).reduce(into: []) { $0.insert($1) }

    /// Splits `source` into tokens; works on UTF-8 bytes so every input is handled in one pass.
    static func tokenize(_ source: String) throws(ExpressionError) -> [ExpressionToken] {
        let bytes = Array(source.utf8)
        var tokens: [ExpressionToken] = []
        var i = 0
        func isIdentStart(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 36 || c >= 0x80 }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        while i < bytes.count {
            guard tokens.count <= Expression.maxTokens else { throw .tooLong("more than \(Expression.maxTokens) tokens") }
            let c = bytes[i]
            if c == 32 || c == 9 || c == 10 || c == 13 { i += 1; continue }
            if c == 34 || c == 39 {
                // String literal with backslash escapes of the quote, backslash, n, t.
                var out: [UInt8] = []
                var j = i + 1
                var closed = false
                while j < bytes.count {
                    let d = bytes[j]
                    if d == c { closed = true; break }
                    if d == 92 {
                        guard j + 1 < bytes.count else { break }
                        let e = bytes[j + 1]
                        switch e {
                        case UInt8(ascii: "n"): out.append(10)
                        case UInt8(ascii: "t"): out.append(9)
                        default: out.append(e)
                        }
                        j += 2
                        continue
                    }
                    out.append(d)
                    j += 1
                }
                guard closed else { throw .syntax("unterminated string at offset \(i)") }
                tokens.append(.string(String(decoding: out, as: UTF8.self)))
                i = j + 1
                continue
            }
            if isDigit(c) {
                var j = i
                while j < bytes.count, isDigit(bytes[j]) { j += 1 }
                if j + 1 < bytes.count, bytes[j] == 46, isDigit(bytes[j + 1]) {
                    j += 1
                    while j < bytes.count, isDigit(bytes[j]) { j += 1 }
                }
                let text = String(decoding: bytes[i..<j], as: UTF8.self)
                guard let value = Double(text), value.isFinite else { throw .syntax("invalid number \(text)") }
                tokens.append(.number(value))
                i = j
                continue
            }
            if isIdentStart(c) {
                var j = i
                while j < bytes.count, isIdentStart(bytes[j]) || isDigit(bytes[j]) { j += 1 }
                let text = String(decoding: bytes[i..<j], as: UTF8.self)
                tokens.append(keywords.contains(text) ? .keyword(text) : .identifier(text))
                i = j
                continue
            }
            if i + 1 < bytes.count {
                let pair = String(decoding: bytes[i...(i + 1)], as: UTF8.self)
                if twoCharSymbols.contains(pair) {
                    tokens.append(.symbol(pair))
                    i += 2
                    continue
                }
            }
            if oneCharSymbols.contains(c) {
                tokens.append(.symbol(String(UnicodeScalar(c))))
                i += 1
                continue
            }
            throw .syntax("unexpected character at offset \(i)")
        }
        return tokens
    }
}
