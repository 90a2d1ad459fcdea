/// Zadig's `execute_policy`: run or skip a job depending on rules over rendered values.
package struct ExecutePolicy: Sendable, Equatable, Codable {
    /// `skip` (skip when the rules match) or `execute` (run only when they match).
    package var type: String
    /// `all` or `any`.
    package var matchRule: String
    package var rules: [Rule]

    package struct Rule: Sendable, Equatable, Codable {
        /// A value, usually a variable such as `{{.workflow.params.env}}`.
        package var field: String
        /// eq, neq/ne, begins-with, not-begins-with, ends-with, not-ends-with, contains, not-contains.
        package var verb: String
        package var value: String

        package init(field: String, verb: String, value: String) {
            self.field = field
            self.verb = verb
            self.value = value
        }

        func matches(_ rendered: String) -> Bool {
            switch verb {
            case "eq", "equal": return rendered == value
            case "neq", "ne", "not-equal": return rendered != value
            case "begins-with": return rendered.hasPrefix(value)
            case "not-begins-with": return !rendered.hasPrefix(value)
            case "ends-with": return rendered.hasSuffix(value)
            case "not-ends-with": return !rendered.hasSuffix(value)
            case "contains": return rendered.contains(value)
            case "not-contains": return !rendered.contains(value)
            default: return false
            }
        }
    }

    package static let verbs: Set<String> = [
        "eq", "equal", "neq", "ne", "not-equal", "begins-with", "not-begins-with", "ends-with", "not-ends-with", "contains", "not-contains",
    ]

    package init(type: String, matchRule: String = "all", rules: [Rule]) {
        self.type = type
        self.matchRule = matchRule
        self.rules = rules
    }

    /// Whether the job should be skipped, with `render` resolving each rule's field.
    package func skips(render: (String) -> String) -> Bool {
        guard !rules.isEmpty else { return false }
        let results = rules.map { $0.matches(render($0.field)) }
        let matched = matchRule == "any" ? results.contains(true) : !results.contains(false)
        return type == "skip" ? matched : !matched
    }
}
