import SlipwayCore

/// The credential values inside stored JSON documents: `value` / `default` of every object marked
/// `is_credential: true` (workflow params, freestyle envs, plugin inputs, job parameters, at any depth).
package enum CredentialFields {
    /// Members that hold a credential's value.
    static let valueKeys: Set<String> = ["value", "default", "defaultValue", "default_value"]
    /// Documents deeper than this are not walked further (parsers stop at 64).
    static let maximumDepth = 128

    static func isCredential(_ object: [String: JSONValue]) -> Bool {
        (object["is_credential"] ?? object["isCredential"])?.bool == true
    }

    /// The names (`key` or `name`) of every credential object in `document`.
    static func names(in document: JSONValue, depth: Int = 0) -> Set<String> {
        guard depth < maximumDepth else { return [] }
        switch document {
        case .array(let items):
            return items.reduce(into: []) { $0.formUnion(names(in: $1, depth: depth + 1)) }
        case .object(let object):
            var found: Set<String> = []
            if isCredential(object) { found.formUnion([object["key"], object["name"]].compactMap { $0?.string }) }
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
