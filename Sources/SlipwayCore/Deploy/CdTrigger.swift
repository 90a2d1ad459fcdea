/// `TriggerJsonContent` of `TriggerCdPipeline`: Spinnaker's trigger (`type`, `user`, `dryRun`,
/// `buildNumber`, …) and its `parameters`, which reach a deployment's scripts as exported
/// variables. Kept as given, with `user` set to who triggered.
package struct CdTrigger: Sendable, Equatable {
    package var fields: [String: JSONValue]
    package var parameters: [String: String]

    package static let maxBytes = 256 * 1024
    package static let maxParameters = 100

    package init(json text: String) throws(SlipwayError) {
        let parsed: JSONValue?
        do {
            parsed = try BoundedYAML(maxBytes: Self.maxBytes, maxDepth: 16, maxNodes: 5_000).parse(text.isEmpty ? "{}" : text)
        } catch {
            throw .invalidInput("TriggerJsonContent is not valid JSON: \(error)")
        }
        guard case .object(let root)? = parsed, text.isEmpty || text.drop(while: \.isWhitespace).first == "{" else {
            throw .invalidInput("TriggerJsonContent must be a JSON object")
        }
        if let dryRun = root["dryRun"], dryRun != .bool(false) {
            throw .invalidInput("TriggerJsonContent.dryRun: dry runs are not supported")
        }
        var parameters: [String: String] = [:]
        switch root["parameters"] {
        case nil, .null?: break
        case .object(let given)?:
            guard given.count <= Self.maxParameters else { throw .invalidInput("TriggerJsonContent.parameters holds at most \(Self.maxParameters)") }
            for (name, value) in given {
                if let problem = CdScriptEnvironment.problem(name) { throw .invalidInput("TriggerJsonContent.parameters: \(problem)") }
                switch value {
                case .string(let text): parameters[name] = text
                case .number, .bool: parameters[name] = value.string ?? ""
                default: throw .invalidInput("TriggerJsonContent.parameters.\(name) must be text")
                }
            }
        default: throw .invalidInput("TriggerJsonContent.parameters must be an object")
        }
        fields = root
        self.parameters = parameters
    }

    /// The trigger as an execution shows it.
    package func document(user: String) -> JSONValue {
        var trigger = fields
        trigger["type"] = trigger["type"] ?? .string("manual")
        trigger["user"] = .string(user)
        trigger["dryRun"] = .bool(false)
        trigger["parameters"] = .object(parameters.mapValues(JSONValue.string))
        return .object(trigger)
    }
}
