/// Recursive descent with an explicit depth bound. Precedence, lowest first:
/// `?:`, `||`, `&&`, `== !=`, `< > <= >= in`, `+ -`, unary `! -`, postfix `.x [e] (args)`.
struct ExpressionParser {
    let tokens: [ExpressionToken]
    var position = 0
    var depth = 0

    init(tokens: [ExpressionToken]) {
        self.tokens = tokens
    }

    mutating func parseAll() throws(ExpressionError) -> ExpressionNode {
        guard !tokens.isEmpty else { throw .syntax("empty expression") }
        let node = try parseConditional()
        guard position == tokens.count else { throw .syntax("unexpected \(describe(tokens[position])) at token \(position)") }
        return node
    }

    var current: ExpressionToken? { position < tokens.count ? tokens[position] : nil }

    func describe(_ token: ExpressionToken) -> String {
        switch token {
        case .number(let n): return "number \(n)"
        case .string: return "string"
        case .identifier(let s): return "identifier \(s)"
        case .symbol(let s): return "'\(s)'"
        case .keyword(let s): return "'\(s)'"
        }
    }

    mutating func accept(_ symbol: String) -> Bool {
        if current == .symbol(symbol) { position += 1; return true }
        return false
    }

    mutating func expect(_ symbol: String) throws(ExpressionError) {
        guard accept(symbol) else {
            throw .syntax("expected '\(symbol)' but found \(current.map(describe) ?? "end of expression")")
        }
    }

    mutating func enter() throws(ExpressionError) {
        depth += 1
        guard depth <= Expression.maxDepth * 8 else { throw .tooDeep("expression nested deeper than \(Expression.maxDepth)") }
    }

    mutating func parseConditional() throws(ExpressionError) -> ExpressionNode {
        try enter()
        defer { depth -= 1 }
        let test = try parseBinary(level: 0)
        guard accept("?") else { return test }
        let yes = try parseConditional()
        try expect(":")
        let no = try parseConditional()
        return .conditional(test, yes, no)
    }

    static let levels: [[String]] = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">=", "in"], ["+", "-"]]

    mutating func parseBinary(level: Int) throws(ExpressionError) -> ExpressionNode {
        guard level < Self.levels.count else { return try parseUnary() }
        try enter()
        defer { depth -= 1 }
        var left = try parseBinary(level: level + 1)
        while let token = current {
            let op: String
            switch token {
            case .symbol(let s) where Self.levels[level].contains(s): op = s
            case .keyword("in") where Self.levels[level].contains("in"): op = "in"
            default: return left
            }
            position += 1
            let right = try parseBinary(level: level + 1)
            left = .binary(op, left, right)
        }
        return left
    }

    mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        try enter()
        defer { depth -= 1 }
        if accept("!") { return .unary("!", try parseUnary()) }
        if accept("-") { return .unary("-", try parseUnary()) }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(ExpressionError) -> ExpressionNode {
        var node = try parsePrimary()
        var steps = 0
        while true {
            steps += 1
            guard steps <= Expression.maxTokens else { throw .tooLong("path too long") }
            if accept(".") {
                guard case .identifier(let name)? = current else {
                    if case .keyword(let k)? = current { position += 1; node = .member(node, k); continue }
                    throw .syntax("expected a name after '.'")
                }
                position += 1
                node = .member(node, name)
            } else if accept("[") {
                if current == .symbol(".") { throw .syntax("array filters ([.x == y]) are not supported") }
                let index = try parseConditional()
                try expect("]")
                node = .index(node, index)
            } else {
                return node
            }
        }
    }

    mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        guard let token = current else { throw .syntax("unexpected end of expression") }
        position += 1
        switch token {
        case .number(let n): return .literal(.number(n))
        case .string(let s): return .literal(.string(s))
        case .keyword("true"): return .literal(.bool(true))
        case .keyword("false"): return .literal(.bool(false))
        case .keyword("null"): return .literal(.null)
        case .identifier(let name):
            if accept("(") {
                var args: [ExpressionNode] = []
                if !accept(")") {
                    repeat { args.append(try parseConditional()) } while accept(",")
                    try expect(")")
                }
                return .call(name, args)
            }
            return .identifier(name)
        case .symbol("("):
            try enter()
            defer { depth -= 1 }
            let inner = try parseConditional()
            try expect(")")
            return inner
        case .symbol("["):
            try enter()
            defer { depth -= 1 }
            var items: [ExpressionNode] = []
            if !accept("]") {
                repeat { items.append(try parseConditional()) } while accept(",")
                try expect("]")
            }
            return .array(items)
        default:
            throw .syntax("unexpected \(describe(token))")
        }
    }
}
