/// The Groovy surface a declarative Jenkinsfile is written in, before its meaning is read:
/// commands (`name args { block }`), assignments (`NAME = value`) and, inside
/// `expression { … }`, one condition.
package enum JenkinsStatement: Sendable, Equatable {
    case command(JenkinsCommand)
    case assignment(name: String, value: JenkinsValue, position: JenkinsPosition)
    case expression(JenkinsExpression, position: JenkinsPosition)

    package var position: JenkinsPosition {
        switch self {
        case .command(let c): return c.position
        case .assignment(_, _, let p), .expression(_, let p): return p
        }
    }
}

/// `name`, `name args`, `name(args)`, each optionally followed by `{ block }`.
package struct JenkinsCommand: Sendable, Equatable {
    package var name: String
    package var position: JenkinsPosition
    package var arguments: [JenkinsArgument]
    package var block: [JenkinsStatement]?
}

/// One argument, positional or named (`time: 5`).
package struct JenkinsArgument: Sendable, Equatable {
    package var label: String?
    package var value: JenkinsValue
    package var position: JenkinsPosition
}

/// An argument's value.
package indirect enum JenkinsValue: Sendable, Equatable {
    case string(JenkinsString)
    case number(Int)
    case bool(Bool)
    /// A name or dotted name: `scm`, `any`, `env.X`.
    case path([String])
    case list([JenkinsValue])
    case call(name: String, arguments: [JenkinsArgument])

    var kindName: String {
        switch self {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .path(let p): return p.joined(separator: ".")
        case .list: return "a list"
        case .call(let name, _): return "\(name)(…)"
        }
    }
}

/// The conditions `when { expression { … } }` accepts: comparisons of strings, booleans and
/// `env.X` / `params.X` with `==` and `!=`, joined by `&&`, `||`, `!` and parentheses.
package indirect enum JenkinsExpression: Sendable, Equatable {
    case literal(String)
    case bool(Bool)
    case variable(JenkinsVariable)
    case not(JenkinsExpression)
    case and(JenkinsExpression, JenkinsExpression)
    case or(JenkinsExpression, JenkinsExpression)
    case equal(JenkinsExpression, JenkinsExpression)
    case notEqual(JenkinsExpression, JenkinsExpression)

    /// The value against `environment` (parameters included), Groovy truthiness for bare values.
    package func evaluate(_ environment: [String: String]) -> Bool {
        switch self {
        case .not(let e): return !e.evaluate(environment)
        case .and(let a, let b): return a.evaluate(environment) && b.evaluate(environment)
        case .or(let a, let b): return a.evaluate(environment) || b.evaluate(environment)
        case .equal(let a, let b): return a.text(environment) == b.text(environment)
        case .notEqual(let a, let b): return a.text(environment) != b.text(environment)
        case .bool(let b): return b
        case .literal(let s): return !s.isEmpty
        case .variable(let v):
            guard let value = environment[v.name] else { return false }
            return !value.isEmpty && value != "false"
        }
    }

    func text(_ environment: [String: String]) -> String? {
        switch self {
        case .literal(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .variable(let v): return environment[v.name]
        default: return evaluate(environment) ? "true" : "false"
        }
    }
}
