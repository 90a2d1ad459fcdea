/// Why a Jenkinsfile was refused: outside the supported declarative subset, malformed, or over
/// a bound. `line` and `column` (1-based) point at the offending text.
package struct JenkinsfileError: Error, Sendable, Equatable, CustomStringConvertible {
    package var line: Int
    package var column: Int
    package var message: String

    package init(line: Int, column: Int, _ message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    package init(at position: JenkinsPosition, _ message: String) {
        self.init(line: position.line, column: position.column, message)
    }

    /// `Jenkinsfile line L:C: message`.
    package var description: String { "Jenkinsfile line \(line):\(column): \(message)" }
}

/// A place in a Jenkinsfile (1-based line and column, in characters).
package struct JenkinsPosition: Sendable, Hashable, Codable {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// The bounds every Jenkinsfile is parsed within.
package enum JenkinsfileLimits {
    /// The largest Jenkinsfile accepted, in UTF-8 bytes.
    package static let maxBytes = 256 * 1024
    /// The deepest nesting of blocks, lists and parentheses.
    package static let maxDepth = 32
    /// The most tokens a Jenkinsfile may have.
    package static let maxTokens = 50_000
    /// The most stages (parallel branches included).
    package static let maxStages = 200
    /// The most steps, counted over every stage and post block.
    package static let maxSteps = 2_000
    /// The most parameters, environment entries, or `withEnv` entries of one block.
    package static let maxEntries = 200
    /// The largest `retry` count and `timeout` in minutes.
    package static let maxRetry = 10
    package static let maxTimeoutMinutes = 24 * 60
}
