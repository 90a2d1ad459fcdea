/// Walks a parsed tree once. Unknown identifiers and missing members are `null` (as in Jexl),
/// so a filter over a payload without a field is simply false.
struct ExpressionEvaluator {
    let context: JSONValue
    let functions: [String: @Sendable ([JSONValue]) -> JSONValue]

    func evaluate(_ node: ExpressionNode) throws(ExpressionError) -> JSONValue {
        switch node {
        case .literal(let v): return v
        case .identifier(let name): return context[name]
        case .member(let base, let name): return Self.member(try evaluate(base), name)
        case .index(let base, let index):
            let b = try evaluate(base)
            let i = try evaluate(index)
            switch (b, i) {
            case (.array(let items), .number(let n)):
                guard n.rounded() == n, n >= 0, n < Double(items.count) else { return .null }
                return items[Int(n)]
            case (.object, _):
                guard let key = i.string else { return .null }
                return b[key]
            case (.string(let s), .number(let n)):
                let chars = Array(s)
                guard n.rounded() == n, n >= 0, n < Double(chars.count) else { return .null }
                return .string(String(chars[Int(n)]))
            default:
                return .null
            }
        case .array(let items):
            var out: [JSONValue] = []
            for item in items { out.append(try evaluate(item)) }
            return .array(out)
        case .unary(let op, let operand):
            let v = try evaluate(operand)
            if op == "!" { return .bool(!v.isTruthy) }
            guard case .number(let n) = v else { throw .evaluation("cannot negate a non-number") }
            return .number(-n)
        case .conditional(let test, let yes, let no):
            return try evaluate(test).isTruthy ? try evaluate(yes) : try evaluate(no)
        case .call(let name, let argNodes):
            guard let function = functions[name] else { throw .evaluation("unknown function \(name)()") }
            var args: [JSONValue] = []
            for node in argNodes { args.append(try evaluate(node)) }
            return function(args)
        case .binary(let op, let lhs, let rhs):
            let l = try evaluate(lhs)
            if op == "&&" { return l.isTruthy ? try evaluate(rhs) : l }
            if op == "||" { return l.isTruthy ? l : try evaluate(rhs) }
            let r = try evaluate(rhs)
            return try Self.binary(op, l, r)
        }
    }

    static func member(_ base: JSONValue, _ name: String) -> JSONValue {
        switch base {
        case .object: return base[name]
        case .array(let items) where name == "length": return .number(Double(items.count))
        case .string(let s) where name == "length": return .number(Double(s.count))
        default: return .null
        }
    }

    static func binary(_ op: String, _ l: JSONValue, _ r: JSONValue) throws(ExpressionError) -> JSONValue {
        switch op {
        case "==": return .bool(equal(l, r))
        case "!=": return .bool(!equal(l, r))
        case "<", ">", "<=", ">=":
            let order: Int
            switch (l, r) {
            case (.number(let a), .number(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
            case (.string(let a), .string(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
            default: return .bool(false)
            }
            switch op {
            case "<": return .bool(order < 0)
            case ">": return .bool(order > 0)
            case "<=": return .bool(order <= 0)
            default: return .bool(order >= 0)
            }
        case "in":
            switch r {
            case .array(let items): return .bool(items.contains { equal($0, l) })
            case .string(let s):
                guard let needle = l.string else { return .bool(false) }
                return .bool(needle.isEmpty || s.contains(needle))
            case .object(let o):
                guard let key = l.string else { return .bool(false) }
                return .bool(o[key] != nil)
            default: return .bool(false)
            }
        case "+":
            switch (l, r) {
            case (.number(let a), .number(let b)): return .number(a + b)
            case (.string(let a), _): return .string(a + (r.string ?? (r.isNull ? "null" : "")))
            case (_, .string(let b)): return .string((l.string ?? (l.isNull ? "null" : "")) + b)
            default: throw .evaluation("cannot add these values")
            }
        case "-":
            guard case .number(let a) = l, case .number(let b) = r else { throw .evaluation("cannot subtract non-numbers") }
            return .number(a - b)
        default:
            throw .evaluation("unknown operator \(op)")
        }
    }

    /// Equality without coercion, except that numbers compare by value.
    static func equal(_ l: JSONValue, _ r: JSONValue) -> Bool {
        l == r
    }
}
