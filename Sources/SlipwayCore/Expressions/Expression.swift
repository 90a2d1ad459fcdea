/// A Jexl-subset expression (the filter language of Serverless Devs triggers and the `${{ … }}`
/// language of pipeline files), parsed once and evaluated over a JSON context.
///
/// Supported: dotted and bracket paths (`body.ref`, `headers['x-github-event']`, `a.b[0]`),
/// `== != < > <= >=`, `&& || !`, `in` (array membership, substring, object key), string/number/
/// bool/null/array literals, `a ? b : c`, parentheses, and calls of functions the caller
/// provides (`success()`). Not supported: Jexl transforms (`|x`) and array filters (`a[.x == 1]`).
///
/// Safety: input length, token count and nesting depth are bounded, the parser is recursive
/// descent with an explicit depth counter, and evaluation walks a finite tree once, so any text
/// yields a value or an `ExpressionError`, never a crash or a loop.
package struct Expression: Sendable, Equatable {
    package static let maxLength = 4096
    package static let maxTokens = 1024
    /// Deepest tree accepted (also bounds evaluation recursion).
    package static let maxDepth = 64

    let root: ExpressionNode
    package let source: String

    /// Parse `source`; throws `ExpressionError` for anything outside the language or the limits.
    package init(_ source: String) throws(ExpressionError) {
        guard source.utf8.count <= Self.maxLength else {
            throw .tooLong("expression longer than \(Self.maxLength) bytes")
        }
        let tokens = try ExpressionLexer.tokenize(source)
        var parser = ExpressionParser(tokens: tokens)
        let root = try parser.parseAll()
        guard root.height <= Self.maxDepth else { throw .tooDeep("expression nested deeper than \(Self.maxDepth)") }
        self.root = root
        self.source = source
    }

    /// Evaluate over `context` (its top-level members are the identifiers) with `functions`.
    package func evaluate(_ context: JSONValue, functions: [String: @Sendable ([JSONValue]) -> JSONValue] = [:]) throws(ExpressionError) -> JSONValue {
        try ExpressionEvaluator(context: context, functions: functions).evaluate(root)
    }

    /// Parse and evaluate in one go.
    package static func evaluate(_ source: String, _ context: JSONValue, functions: [String: @Sendable ([JSONValue]) -> JSONValue] = [:])
        throws(ExpressionError) -> JSONValue
    {
        try Expression(source).evaluate(context, functions: functions)
    }

    /// Parse, evaluate and apply JavaScript truthiness (what a trigger filter decides).
    package static func test(_ source: String, _ context: JSONValue, functions: [String: @Sendable ([JSONValue]) -> JSONValue] = [:]) throws(ExpressionError)
        -> Bool
    {
        try evaluate(source, context, functions: functions).isTruthy
    }
}

/// Why an expression could not be parsed or evaluated.
package enum ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLong(String)
    case syntax(String)
    case tooDeep(String)
    case evaluation(String)

    package var description: String {
        switch self {
        case .tooLong(let m), .syntax(let m), .tooDeep(let m), .evaluation(let m): return m
        }
    }
}

extension JSONValue {
    /// JavaScript truthiness: false, 0, NaN, "", null are false; arrays and objects are true.
    package var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return n != 0 && !n.isNaN
        case .string(let s): return !s.isEmpty
        case .array, .object: return true
        }
    }
}

/// The parsed tree.
indirect enum ExpressionNode: Sendable, Equatable {
    case literal(JSONValue)
    case identifier(String)
    case member(ExpressionNode, String)
    case index(ExpressionNode, ExpressionNode)
    case array([ExpressionNode])
    case unary(String, ExpressionNode)
    case binary(String, ExpressionNode, ExpressionNode)
    case conditional(ExpressionNode, ExpressionNode, ExpressionNode)
    case call(String, [ExpressionNode])
}

extension ExpressionNode {
    /// Height of the tree; recursion here is bounded by the parser's own depth and token limits.
    var height: Int {
        switch self {
        case .literal, .identifier: return 1
        case .member(let b, _): return b.height + 1
        case .index(let b, let i): return max(b.height, i.height) + 1
        case .array(let items): return (items.map(\.height).max() ?? 0) + 1
        case .unary(_, let o): return o.height + 1
        case .binary(_, let l, let r): return max(l.height, r.height) + 1
        case .conditional(let a, let b, let c): return max(a.height, b.height, c.height) + 1
        case .call(_, let args): return (args.map(\.height).max() ?? 0) + 1
        }
    }
}
