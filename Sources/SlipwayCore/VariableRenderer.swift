/// Zadig's `{{.a.b.c}}` placeholders: literal keys replaced by plain substitution, and plugin `$(inputs.X)`.
package struct VariableRenderer: Sendable {
    package var values: [String: String]

    package init(values: [String: String]) {
        self.values = values
    }

    /// Replace every known `{{.key}}`; with `dropUnknown`, remove the ones left (the reference does this right before a job starts).
    package func render(_ text: String, dropUnknown: Bool) -> String {
        guard text.contains("{{.") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{.") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let key = String(rest[open.upperBound..<close.lowerBound])
            if Self.isVariableKey(key), let value = values[key] {
                out += value
            } else if Self.isVariableKey(key), dropUnknown {
                // dropped
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// Replace `$(inputs.NAME)` with plugin input values.
    package static func renderInputs(_ text: String, inputs: [String: String]) -> String {
        var text = text
        for (name, value) in inputs {
            text = text.replacingOccurrences(of: "$(inputs.\(name))", with: value)
        }
        return text
    }

    /// Letters, digits, '-', '_' and dots between them.
    static func isVariableKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            }
    }
}

/// Replaces secret values with `***` wherever they appear.
package struct SecretMasker: Sendable {
    package let secrets: [String]

    package init(_ secrets: [String]) {
        // Longest first, so a secret containing another is masked whole.
        self.secrets = Array(Set(secrets.filter { $0.count >= 3 })).sorted { $0.count > $1.count }
    }

    package func mask(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        return text
    }
}
