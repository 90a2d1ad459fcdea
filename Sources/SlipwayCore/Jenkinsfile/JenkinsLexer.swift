import Foundation

/// One token of a Jenkinsfile.
package struct JenkinsToken: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case identifier(String)
        case number(Int)
        /// A string literal; double-quoted ones may interpolate (`${env.X}`, `$X`).
        case string(JenkinsString)
        /// One of `{ } ( ) [ ] , : ; = == != && || ! .`
        case symbol(String)
        case end
    }
    package var kind: Kind
    package var position: JenkinsPosition
    /// Whether a line break separates this token from the previous one.
    package var startsLine: Bool
}

/// Splits a Jenkinsfile into tokens: identifiers, numbers, strings (single, double and triple
/// quoted, with Groovy escapes), symbols; comments and white space are dropped. Bounded by
/// `JenkinsfileLimits.maxBytes` and `maxTokens`.
package struct JenkinsLexer {
    private let scalars: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private var sawNewline = true

    package init(_ text: String) {
        scalars = Array(text)
    }

    package static func tokens(_ text: String) throws(JenkinsfileError) -> [JenkinsToken] {
        guard text.utf8.count <= JenkinsfileLimits.maxBytes else {
            throw JenkinsfileError(line: 1, column: 1, "the Jenkinsfile is larger than \(JenkinsfileLimits.maxBytes) bytes")
        }
        var lexer = JenkinsLexer(text)
        var tokens: [JenkinsToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
            guard tokens.count <= JenkinsfileLimits.maxTokens else {
                throw JenkinsfileError(at: token.position, "the Jenkinsfile has more than \(JenkinsfileLimits.maxTokens) tokens")
            }
        }
    }

    private var here: JenkinsPosition { JenkinsPosition(line: line, column: column) }
    private func peek(_ offset: Int = 0) -> Character? { index + offset < scalars.count ? scalars[index + offset] : nil }

    private mutating func advance() -> Character {
        let c = scalars[index]
        index += 1
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return c
    }

    private mutating func skipTrivia() throws(JenkinsfileError) {
        while let c = peek() {
            if c == "\n" {
                sawNewline = true
                _ = advance()
            } else if c.isWhitespace {
                _ = advance()
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { _ = advance() }
            } else if c == "/", peek(1) == "*" {
                let start = here
                _ = advance()
                _ = advance()
                while !(peek() == "*" && peek(1) == "/") {
                    guard peek() != nil else { throw JenkinsfileError(at: start, "unterminated comment") }
                    if advance() == "\n" { sawNewline = true }
                }
                _ = advance()
                _ = advance()
            } else {
                return
            }
        }
    }

    mutating func next() throws(JenkinsfileError) -> JenkinsToken {
        try skipTrivia()
        let start = here
        let startsLine = sawNewline
        sawNewline = false
        func token(_ kind: JenkinsToken.Kind) -> JenkinsToken { JenkinsToken(kind: kind, position: start, startsLine: startsLine) }
        guard let c = peek() else { return token(.end) }
        if c.isLetter || c == "_" {
            var name = ""
            while let d = peek(), d.isLetter || d.isNumber || d == "_" { name.append(advance()) }
            return token(.identifier(name))
        }
        if c.isASCII, c.isNumber {
            var digits = ""
            while let d = peek(), d.isASCII, d.isNumber { digits.append(advance()) }
            guard digits.count <= 9, let value = Int(digits) else { throw JenkinsfileError(at: start, "number \(digits.prefix(20)) is too large") }
            return token(.number(value))
        }
        if c == "'" || c == "\"" {
            return token(.string(try string(quote: c, start: start)))
        }
        for symbol in ["==", "!=", "&&", "||"] where peek() == symbol.first && peek(1) == symbol.last {
            _ = advance()
            _ = advance()
            return token(.symbol(symbol))
        }
        if "{}()[],:;=!.".contains(c) {
            _ = advance()
            return token(.symbol(String(c)))
        }
        throw JenkinsfileError(at: start, "unexpected character \(String(c).debugDescription)")
    }

    /// A string literal from its opening quote; `'''`/`"""` open a multi-line one.
    private mutating func string(quote: Character, start: JenkinsPosition) throws(JenkinsfileError) -> JenkinsString {
        let triple = peek(1) == quote && peek(2) == quote
        for _ in 0..<(triple ? 3 : 1) { _ = advance() }
        let interpolates = quote == "\""
        var builder = JenkinsString.Builder()
        while true {
            guard let c = peek() else { throw JenkinsfileError(at: start, "unterminated string") }
            if c == quote, !triple || (peek(1) == quote && peek(2) == quote) {
                for _ in 0..<(triple ? 3 : 1) { _ = advance() }
                return builder.result
            }
            if c == "\n", !triple { throw JenkinsfileError(at: start, "unterminated string (use ''' or \"\"\" for several lines)") }
            if c == "\\" {
                let escape = here
                _ = advance()
                guard let e = peek() else { throw JenkinsfileError(at: start, "unterminated string") }
                _ = advance()
                switch e {
                case "n": builder.literal("\n")
                case "t": builder.literal("\t")
                case "r": builder.literal("\r")
                case "\\", "'", "\"", "$": builder.literal(String(e))
                case "\n": break  // a line continuation
                default: throw JenkinsfileError(at: escape, "unsupported escape \\\(e)")
                }
                continue
            }
            if interpolates, c == "$" {
                let dollar = here
                _ = advance()
                if peek() == "{" {
                    _ = advance()
                    var inner = ""
                    while let d = peek(), d != "}" {
                        guard d != "\n", inner.count < 200 else { throw JenkinsfileError(at: dollar, "unterminated ${…}") }
                        inner.append(advance())
                    }
                    guard peek() == "}" else { throw JenkinsfileError(at: dollar, "unterminated ${…}") }
                    _ = advance()
                    builder.variable(try JenkinsVariable(parsing: inner.trimmingCharacters(in: .whitespaces), at: dollar))
                } else if let d = peek(), d.isLetter || d == "_" {
                    var path = ""
                    while let d = peek(), d.isLetter || d.isNumber || d == "_" || (d == "." && (peek(1)?.isLetter ?? false)) {
                        path.append(advance())
                    }
                    builder.variable(try JenkinsVariable(parsing: path, at: dollar))
                } else {
                    throw JenkinsfileError(at: dollar, "a $ in a double-quoted string must start ${…} or $NAME (write \\$ for a dollar sign)")
                }
                continue
            }
            builder.literal(String(advance()))
        }
    }
}
