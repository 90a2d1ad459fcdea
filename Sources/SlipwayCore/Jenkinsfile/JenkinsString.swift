/// A variable a Groovy string interpolates: `${env.NAME}`, `${params.NAME}`, `${NAME}`, `$NAME`.
/// Every one names an environment variable the build exports (parameters are exported too).
package struct JenkinsVariable: Sendable, Equatable, Codable {
    package enum Scope: String, Sendable, Equatable, Codable {
        case env, params, plain
    }
    package var scope: Scope
    package var name: String

    package init(scope: Scope, name: String) {
        self.scope = scope
        self.name = name
    }

    /// `env.X`, `params.X` or `X`; anything else (method calls, arithmetic, other objects) is
    /// outside the subset.
    init(parsing text: String, at position: JenkinsPosition) throws(JenkinsfileError) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let name: String
        switch parts.count {
        case 1: (scope, name) = (.plain, parts[0])
        case 2 where parts[0] == "env": (scope, name) = (.env, parts[1])
        case 2 where parts[0] == "params": (scope, name) = (.params, parts[1])
        default:
            throw JenkinsfileError(at: position, "only ${env.NAME}, ${params.NAME} and ${NAME} may be interpolated, not ${\(text.prefix(60))}")
        }
        guard Self.isName(name) else {
            throw JenkinsfileError(at: position, "only ${env.NAME}, ${params.NAME} and ${NAME} may be interpolated, not ${\(text.prefix(60))}")
        }
        self.name = name
    }

    /// A shell variable name: a letter or `_`, then letters, digits and `_` (ASCII).
    package static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.utf8.count <= 128 else { return false }
        func word(_ s: Unicode.Scalar) -> Bool { s.isASCII && (s.properties.isAlphabetic || s == "_") }
        return word(first) && text.unicodeScalars.allSatisfy { word($0) || ("0"..."9").contains($0) }
    }
}

/// A Groovy string literal: literal text and interpolated variables.
package struct JenkinsString: Sendable, Equatable, Codable {
    package enum Part: Sendable, Equatable, Codable {
        case literal(String)
        case variable(JenkinsVariable)
    }
    package var parts: [Part]

    package init(_ parts: [Part]) {
        self.parts = parts
    }

    package init(literal: String) {
        self.parts = literal.isEmpty ? [] : [.literal(literal)]
    }

    /// The text when nothing is interpolated.
    package var literal: String? {
        var out = ""
        for part in parts {
            guard case .literal(let text) = part else { return nil }
            out += text
        }
        return out
    }

    /// The string for a shell: literal text as written, each interpolation as the shell's own
    /// expansion `${NAME}` of the exported variable. Values never become script text.
    package var shellScript: String {
        parts.map { part in
            switch part {
            case .literal(let text): return text
            case .variable(let v): return "${\(v.name)}"
            }
        }.joined()
    }

    /// The string with each variable's value from `environment` (unset: empty), for text that
    /// is data, not code (`echo`, paths, patterns).
    package func value(in environment: [String: String]) -> String {
        parts.map { part in
            switch part {
            case .literal(let text): return text
            case .variable(let v): return environment[v.name] ?? ""
            }
        }.joined()
    }

    struct Builder {
        var parts: [Part] = []
        mutating func literal(_ text: String) {
            if case .literal(let last) = parts.last {
                parts[parts.count - 1] = .literal(last + text)
            } else {
                parts.append(.literal(text))
            }
        }
        mutating func variable(_ variable: JenkinsVariable) { parts.append(.variable(variable)) }
        var result: JenkinsString { JenkinsString(parts) }
    }
}
