/// Reads tokens into `JenkinsStatement`s, bounded in nesting depth.
package struct JenkinsSyntaxParser {
    private let tokens: [JenkinsToken]
    private var index = 0
    private var depth = 0

    package init(_ tokens: [JenkinsToken]) {
        self.tokens = tokens
    }

    /// The whole file: top-level statements.
    package static func parse(_ text: String) throws(JenkinsfileError) -> [JenkinsStatement] {
        var parser = JenkinsSyntaxParser(try JenkinsLexer.tokens(text))
        let statements = try parser.statements(closing: nil)
        return statements
    }

    private var current: JenkinsToken { tokens[index] }

    private mutating func take() -> JenkinsToken {
        let token = tokens[index]
        if token.kind != .end { index += 1 }
        return token
    }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    private mutating func expect(_ symbol: String, _ what: String) throws(JenkinsfileError) {
        guard isSymbol(symbol) else { throw unexpected(what) }
        _ = take()
    }

    private func unexpected(_ what: String) -> JenkinsfileError {
        JenkinsfileError(at: current.position, "expected \(what), found \(Self.describe(current.kind))")
    }

    static func describe(_ kind: JenkinsToken.Kind) -> String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .number(let n): return "\(n)"
        case .string: return "a string"
        case .symbol(let s): return "'\(s)'"
        case .end: return "the end of the file"
        }
    }

    private mutating func enter() throws(JenkinsfileError) {
        depth += 1
        guard depth <= JenkinsfileLimits.maxDepth else {
            throw JenkinsfileError(at: current.position, "nested deeper than \(JenkinsfileLimits.maxDepth) levels")
        }
    }

    /// Statements up to `}` (consumed) or the end of the file when `closing` is nil.
    private mutating func statements(closing: JenkinsPosition?) throws(JenkinsfileError) -> [JenkinsStatement] {
        var out: [JenkinsStatement] = []
        while true {
            while isSymbol(";") { _ = take() }
            if current.kind == .end {
                if let closing { throw JenkinsfileError(at: closing, "this { is never closed") }
                return out
            }
            if isSymbol("}") {
                guard closing != nil else { throw JenkinsfileError(at: current.position, "unbalanced }") }
                _ = take()
                return out
            }
            out.append(try statement())
        }
    }

    private mutating func statement() throws(JenkinsfileError) -> JenkinsStatement {
        let start = current
        guard case .identifier(let name) = start.kind else { throw unexpected("a step or section name") }
        _ = take()
        if isSymbol("="), !current.startsLine {
            _ = take()
            return .assignment(name: name, value: try value(), position: start.position)
        }
        var arguments: [JenkinsArgument] = []
        if isSymbol("("), !current.startsLine {
            _ = take()
            try enter()
            arguments = try argumentList(closing: ")")
            depth -= 1
        } else if !isSymbol("{"), !current.startsLine, !isSymbol("}"), !isSymbol(";"), current.kind != .end {
            arguments = try bareArguments()
        }
        var block: [JenkinsStatement]?
        if isSymbol("{"), !current.startsLine || arguments.isEmpty {
            let open = take()
            try enter()
            if name == "expression" {
                block = [try expressionBlock(open.position)]
            } else {
                block = try statements(closing: open.position)
            }
            depth -= 1
        }
        return .command(JenkinsCommand(name: name, position: start.position, arguments: arguments, block: block))
    }

    /// Arguments without parentheses: up to the end of the line (a trailing comma continues it).
    private mutating func bareArguments() throws(JenkinsfileError) -> [JenkinsArgument] {
        var out: [JenkinsArgument] = [try argument()]
        while isSymbol(",") {
            _ = take()
            out.append(try argument())
        }
        guard current.startsLine || isSymbol("}") || isSymbol(";") || isSymbol("{") || current.kind == .end else {
            throw unexpected("the end of the line")
        }
        return out
    }

    private mutating func argumentList(closing: String) throws(JenkinsfileError) -> [JenkinsArgument] {
        var out: [JenkinsArgument] = []
        if isSymbol(closing) {
            _ = take()
            return out
        }
        while true {
            out.append(try argument())
            guard out.count <= JenkinsfileLimits.maxEntries else {
                throw JenkinsfileError(at: current.position, "more than \(JenkinsfileLimits.maxEntries) arguments")
            }
            if isSymbol(",") {
                _ = take()
                continue
            }
            try expect(closing, "',' or '\(closing)'")
            return out
        }
    }

    private mutating func argument() throws(JenkinsfileError) -> JenkinsArgument {
        let start = current.position
        if case .identifier(let label) = current.kind, tokens[index + 1].kind == .symbol(":") {
            _ = take()
            _ = take()
            return JenkinsArgument(label: label, value: try value(), position: start)
        }
        return JenkinsArgument(label: nil, value: try value(), position: start)
    }

    private mutating func value() throws(JenkinsfileError) -> JenkinsValue {
        let token = current
        switch token.kind {
        case .string(let s):
            _ = take()
            return .string(s)
        case .number(let n):
            _ = take()
            return .number(n)
        case .identifier("true"), .identifier("false"):
            _ = take()
            return .bool(token.kind == .identifier("true"))
        case .identifier(let name):
            _ = take()
            if isSymbol("("), !current.startsLine {
                _ = take()
                try enter()
                defer { depth -= 1 }
                return .call(name: name, arguments: try argumentList(closing: ")"))
            }
            var path = [name]
            while isSymbol(".") {
                _ = take()
                guard case .identifier(let next) = current.kind else { throw unexpected("a name after '.'") }
                _ = take()
                path.append(next)
            }
            return .path(path)
        case .symbol("["):
            _ = take()
            try enter()
            defer { depth -= 1 }
            var items: [JenkinsValue] = []
            if isSymbol("]") {
                _ = take()
                return .list(items)
            }
            while true {
                items.append(try value())
                guard items.count <= JenkinsfileLimits.maxEntries else {
                    throw JenkinsfileError(at: current.position, "a list of more than \(JenkinsfileLimits.maxEntries) items")
                }
                if isSymbol(",") {
                    _ = take()
                    continue
                }
                try expect("]", "',' or ']'")
                return .list(items)
            }
        default:
            throw unexpected("a value")
        }
    }

    // MARK: expression { … }

    private mutating func expressionBlock(_ open: JenkinsPosition) throws(JenkinsfileError) -> JenkinsStatement {
        let start = current.position
        if current.kind == .identifier("return") { _ = take() }
        let expression = try orExpression()
        while isSymbol(";") { _ = take() }
        guard isSymbol("}") else { throw unexpected("'}' closing the expression (only one condition is supported)") }
        _ = take()
        return .expression(expression, position: start)
    }

    private mutating func orExpression() throws(JenkinsfileError) -> JenkinsExpression {
        var left = try andExpression()
        while isSymbol("||") {
            _ = take()
            left = .or(left, try andExpression())
        }
        return left
    }

    private mutating func andExpression() throws(JenkinsfileError) -> JenkinsExpression {
        var left = try comparison()
        while isSymbol("&&") {
            _ = take()
            left = .and(left, try comparison())
        }
        return left
    }

    private mutating func comparison() throws(JenkinsfileError) -> JenkinsExpression {
        let left = try unary()
        if isSymbol("==") {
            _ = take()
            return .equal(left, try unary())
        }
        if isSymbol("!=") {
            _ = take()
            return .notEqual(left, try unary())
        }
        return left
    }

    private mutating func unary() throws(JenkinsfileError) -> JenkinsExpression {
        try enter()
        defer { depth -= 1 }
        let token = current
        if isSymbol("!") {
            _ = take()
            return .not(try unary())
        }
        if isSymbol("(") {
            _ = take()
            let inner = try orExpression()
            try expect(")", "')'")
            return inner
        }
        switch try value() {
        case .string(let s):
            guard let text = s.literal else {
                throw JenkinsfileError(at: token.position, "interpolated strings are not supported in expression { }; compare env.X instead")
            }
            return .literal(text)
        case .bool(let b): return .bool(b)
        case .number(let n): return .literal(String(n))
        case .path(let path):
            do {
                return .variable(try JenkinsVariable(parsing: path.joined(separator: "."), at: token.position))
            } catch {
                throw JenkinsfileError(at: token.position, "expression { } may only read env.NAME and params.NAME, not \(path.joined(separator: "."))")
            }
        case let other:
            throw JenkinsfileError(at: token.position, "\(other.kindName) is not supported in expression { }")
        }
    }
}
