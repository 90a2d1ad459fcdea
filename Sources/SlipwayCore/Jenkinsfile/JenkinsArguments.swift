/// The arguments of one command by name; one positional argument may stand for `positional`.
/// Unknown names are refused, never ignored.
struct JenkinsArguments {
    let command: JenkinsCommand
    var values: [String: JenkinsArgument] = [:]

    init(_ command: JenkinsCommand, allowed: Set<String>, positional: String? = nil) throws(JenkinsfileError) {
        self.command = command
        for (index, argument) in command.arguments.enumerated() {
            let name: String
            if let label = argument.label {
                name = label
            } else if index == 0, let positional {
                name = positional
            } else {
                throw JenkinsfileError(at: argument.position, "\(command.name) takes named arguments (\(allowed.sorted().joined(separator: ", ")))")
            }
            guard allowed.contains(name) else {
                throw JenkinsfileError(at: argument.position, "\(command.name) does not support the argument \(name)")
            }
            guard values[name] == nil else { throw JenkinsfileError(at: argument.position, "\(name) is given twice") }
            values[name] = argument
        }
    }

    func text(_ name: String) throws(JenkinsfileError) -> JenkinsString? {
        guard let argument = values[name] else { return nil }
        guard case .string(let s) = argument.value else {
            throw JenkinsfileError(at: argument.position, "\(name) of \(command.name) must be a string, not \(argument.value.kindName)")
        }
        return s
    }

    func requiredText(_ name: String) throws(JenkinsfileError) -> JenkinsString {
        guard let value = try text(name) else { throw JenkinsfileError(at: command.position, "\(command.name) needs \(name)") }
        return value
    }

    func string(_ name: String) throws(JenkinsfileError) -> String? {
        guard let s = try text(name) else { return nil }
        guard let literal = s.literal else {
            throw JenkinsfileError(at: values[name]!.position, "\(name) of \(command.name) cannot interpolate variables")
        }
        return literal
    }

    func requiredString(_ name: String) throws(JenkinsfileError) -> String {
        guard let value = try string(name), !value.isEmpty else { throw JenkinsfileError(at: command.position, "\(command.name) needs \(name)") }
        return value
    }

    func bool(_ name: String) throws(JenkinsfileError) -> Bool? {
        guard let argument = values[name] else { return nil }
        guard case .bool(let b) = argument.value else {
            throw JenkinsfileError(at: argument.position, "\(name) of \(command.name) must be true or false")
        }
        return b
    }

    func number(_ name: String) throws(JenkinsfileError) -> Int? {
        guard let argument = values[name] else { return nil }
        guard case .number(let n) = argument.value else {
            throw JenkinsfileError(at: argument.position, "\(name) of \(command.name) must be a number")
        }
        return n
    }

    /// `choices: ['a', 'b']` or `choices: 'a\nb'`.
    func stringList(_ name: String) throws(JenkinsfileError) -> [String] {
        guard let argument = values[name] else { return [] }
        switch argument.value {
        case .string(let s):
            guard let text = s.literal else { break }
            return text.split(separator: "\n").map(String.init)
        case .list(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item, let text = s.literal else { throw JenkinsfileError(at: argument.position, "\(name) must list strings") }
                out.append(text)
            }
            return out
        default: break
        }
        throw JenkinsfileError(at: argument.position, "\(name) must be a list of strings")
    }

    /// `timeout(time: n, unit: 'SECONDS'|'MINUTES'|'HOURS')` or `timeout(n)` (minutes), as seconds.
    static func timeoutSeconds(_ command: JenkinsCommand) throws(JenkinsfileError) -> Int {
        let args = try JenkinsArguments(command, allowed: ["time", "unit"], positional: "time")
        guard let time = try args.number("time"), time > 0 else { throw JenkinsfileError(at: command.position, "timeout needs a positive time") }
        let limit = JenkinsfileLimits.maxTimeoutMinutes * 60
        let unit: Int
        switch try args.string("unit") ?? "MINUTES" {
        case "SECONDS": unit = 1
        case "MINUTES": unit = 60
        case "HOURS": unit = 3600
        case let other: throw JenkinsfileError(at: command.position, "timeout unit \(other) is not supported (use SECONDS, MINUTES or HOURS)")
        }
        guard time <= limit / unit else {
            throw JenkinsfileError(at: command.position, "timeout is longer than \(JenkinsfileLimits.maxTimeoutMinutes) minutes")
        }
        return time * unit
    }

    /// `retry(n)` with 1 ≤ n ≤ `maxRetry`.
    static func retryCount(_ command: JenkinsCommand) throws(JenkinsfileError) -> Int {
        let args = try JenkinsArguments(command, allowed: ["count"], positional: "count")
        guard let count = try args.number("count"), (1...JenkinsfileLimits.maxRetry).contains(count) else {
            throw JenkinsfileError(at: command.position, "retry needs a count from 1 to \(JenkinsfileLimits.maxRetry)")
        }
        return count
    }

    /// `withEnv(['A=b', "C=${env.D}"])`.
    static func withEnvEntries(_ command: JenkinsCommand) throws(JenkinsfileError) -> [JenkinsEnvironmentEntry] {
        guard command.arguments.count == 1, command.arguments[0].label == nil, case .list(let items) = command.arguments[0].value else {
            throw JenkinsfileError(at: command.position, "withEnv needs a list of 'NAME=value' strings")
        }
        var out: [JenkinsEnvironmentEntry] = []
        for item in items {
            guard case .string(let s) = item, case .literal(let head)? = s.parts.first, let eq = head.firstIndex(of: "=") else {
                throw JenkinsfileError(at: command.position, "withEnv entries are 'NAME=value' strings")
            }
            let name = String(head[..<eq])
            guard JenkinsVariable.isName(name) else { throw JenkinsfileError(at: command.position, "\(name) is not a valid variable name") }
            var parts = s.parts
            let rest = String(head[head.index(after: eq)...])
            if rest.isEmpty { parts.removeFirst() } else { parts[0] = .literal(rest) }
            out.append(JenkinsEnvironmentEntry(name: name, value: JenkinsString(parts)))
        }
        return out
    }
}
