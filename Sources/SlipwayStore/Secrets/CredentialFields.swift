import SlipwayCore

/// The credential values inside stored JSON documents: `value` / `default` of every object marked
/// `is_credential: true` (workflow params, freestyle envs, plugin inputs, job parameters, at any depth).
package enum CredentialFields {
    /// Members that hold a credential's value where it is sealed at rest (`is_credential` objects).
    static let valueKeys: Set<String> = ["value", "default", "defaultValue", "default_value"]
    /// Documents deeper than this are not walked further (parsers stop at 64).
    static let maximumDepth = 128

    /// Marked `is_credential: true` (what is sealed at rest).
    static func isCredential(_ object: [String: JSONValue]) -> Bool {
        (object["is_credential"] ?? object["isCredential"])?.bool == true
    }

    /// A member name as compared below: lower case, without `_`, `-` and `.`.
    static func folded(_ key: String) -> String {
        key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." }
    }

    /// The flags our APIs mark a secret variable with, folded: `is_credential`, `isCredential`,
    /// `sensitive`/`Sensitive` (team CI templates, CODING EnvList/ParamList), `is_sensitive`,
    /// `isSensitive`, `IsSensitive`, `is_secret`… (CODING reads member names in any case).
    static let flagKeys: Set<String> = ["iscredential", "sensitive", "issensitive", "issecret"]
    /// Members naming a variable, folded: `key`, `name`, `Key`, `Name`…
    static let nameKeys: Set<String> = ["key", "name"]
    /// Members holding a variable's value, folded: `value`, `Value`, `default`, `DefaultValue`…
    static let foldedValueKeys: Set<String> = ["value", "default", "defaultvalue"]

    /// Marked secret by any spelling of the flags, set to true, 1 or a string other than
    /// `false`/`0` (CODING takes `"true"`; any other string counts as set, so hides more, never less).
    static func isFlagged(_ object: [String: JSONValue]) -> Bool {
        object.contains { key, value in
            guard flagKeys.contains(folded(key)) else { return false }
            switch value {
            case .bool(let flag): return flag
            case .number(let number): return number != 0
            case .string(let text): return !["", "false", "0"].contains(text.lowercased())
            default: return false
            }
        }
    }

    /// The variable names an object gives (`key`, `name`, `Key`, `Name`…).
    static func nameValues(_ object: [String: JSONValue]) -> [String] {
        object.compactMap { key, value in nameKeys.contains(folded(key)) ? value.string : nil }
    }

    /// True for a member holding a variable's value (`value`, `Value`, `default`, `DefaultValue`…).
    static func isValueKey(_ key: String) -> Bool {
        foldedValueKeys.contains(folded(key))
    }

    /// The names (`key`, `name`, `Key`, `Name`…) of every object flagged secret in `document`.
    static func names(in document: JSONValue, depth: Int = 0) -> Set<String> {
        guard depth < maximumDepth else { return [] }
        switch document {
        case .array(let items):
            return items.reduce(into: []) { $0.formUnion(names(in: $1, depth: depth + 1)) }
        case .object(let object):
            var found: Set<String> = []
            if isFlagged(object) { found.formUnion(nameValues(object)) }
            for value in object.values { found.formUnion(names(in: value, depth: depth + 1)) }
            return found
        default:
            return []
        }
    }

    /// The names of a workflow's credential parameters, envs and inputs: what a run request may set.
    package static func names(of workflow: Workflow) -> Set<String> {
        var found = Set(workflow.params.filter(\.isCredential).map(\.name))
        for job in workflow.stages.flatMap(\.jobs) { found.formUnion(names(in: job.spec)) }
        return found
    }

    /// `document` with every credential value passed through `transform` (seal or open).
    static func map(_ document: JSONValue, depth: Int = 0, _ transform: (String) throws -> String) throws -> JSONValue {
        guard depth < maximumDepth else { return document }
        switch document {
        case .array(let items):
            return .array(try items.map { try map($0, depth: depth + 1, transform) })
        case .object(var object):
            let credential = isCredential(object)
            for (key, value) in object {
                if credential, valueKeys.contains(key), case .string(let text) = value, !text.isEmpty {
                    object[key] = .string(try transform(text))
                } else {
                    object[key] = try map(value, depth: depth + 1, transform)
                }
            }
            return .object(object)
        default:
            return document
        }
    }
}

extension SecretBox {
    /// The document with its credential values sealed.
    func sealCredentials(_ document: JSONValue) throws -> JSONValue {
        try CredentialFields.map(document) { try seal($0) }
    }

    /// The document with its sealed credential values opened (plaintext ones kept).
    func openCredentials(_ document: JSONValue) throws -> JSONValue {
        try CredentialFields.map(document) { try open($0) }
    }

    /// Workflow parameters with credential values sealed (`transform` = seal) or opened.
    static func mapCredentials(_ params: [WorkflowParam], _ transform: (String) throws -> String) throws -> [WorkflowParam] {
        try params.map { param in
            guard param.isCredential else { return param }
            var param = param
            if !param.value.isEmpty { param.value = try transform(param.value) }
            if !param.defaultValue.isEmpty { param.defaultValue = try transform(param.defaultValue) }
            return param
        }
    }

    /// Stages with the credential values of every job spec sealed or opened.
    static func mapCredentials(_ stages: [StageDefinition], _ transform: (String) throws -> String) throws -> [StageDefinition] {
        try stages.map { stage in
            var stage = stage
            stage.jobs = try stage.jobs.map { job in
                var job = job
                job.spec = try CredentialFields.map(job.spec, transform)
                return job
            }
            return stage
        }
    }
}
