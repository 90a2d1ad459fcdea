import SlipwayCore

/// Credential values (`is_credential: true` envs, plugin inputs, params) as Zadig shows them: `***`.
/// An update that sends `***` back for a credential keeps the value already stored.
enum CredentialMask {
    static let mask = "***"

    /// Every object marked `is_credential: true`, at any depth, gets its `value` (and `default`) masked.
    static func masked(_ json: JSONValue) -> JSONValue {
        switch json {
        case .array(let items):
            return .array(items.map(masked))
        case .object(var members):
            if members["is_credential"]?.bool == true {
                for field in ["value", "default"] where !(members[field]?.string ?? "").isEmpty {
                    members[field] = .string(mask)
                }
            }
            return .object(members.mapValues(masked))
        default:
            return json
        }
    }

    /// The stored credential values of a workflow, by job name and env/input `key` (or `name`).
    static func storedValues(_ workflow: Workflow) -> [String: [String: (value: String, default: String)]] {
        var values: [String: [String: (value: String, default: String)]] = [:]
        for job in workflow.stages.flatMap(\.jobs) {
            collect(job.spec) { values[job.name, default: [:]][$0] = $1 }
        }
        return values
    }

    /// A definition body with every `***` credential replaced by the stored value of the same
    /// job and key; params by name. Anything with no stored counterpart stays as sent.
    static func restored(_ body: JSONValue, from existing: Workflow) -> JSONValue {
        let stored = storedValues(existing)
        var body = body
        body["stages"] = .array(
            body["stages"].array.map { stage in
                var stage = stage
                stage["jobs"] = .array(
                    stage["jobs"].array.map { job in
                        guard let name = job["name"].string, let known = stored[name] else { return job }
                        var job = job
                        job["spec"] = restore(job["spec"], known)
                        return job
                    })
                return stage
            })
        if !body["params"].isNull {
            let params = Dictionary(existing.params.map { ($0.name, (value: $0.value, default: $0.defaultValue)) }) { a, _ in a }
            body["params"] = .array(body["params"].array.map { restore($0, params) })
        }
        return body
    }

    private static func identity(_ members: [String: JSONValue]) -> String? {
        members["key"]?.string ?? members["name"]?.string
    }

    private static func collect(_ json: JSONValue, _ found: (String, (value: String, default: String)) -> Void) {
        switch json {
        case .array(let items):
            for item in items { collect(item, found) }
        case .object(let members):
            if members["is_credential"]?.bool == true, let id = identity(members) {
                found(id, (members["value"]?.string ?? "", members["default"]?.string ?? ""))
            }
            for value in members.values { collect(value, found) }
        default:
            break
        }
    }

    private static func restore(_ json: JSONValue, _ known: [String: (value: String, default: String)]) -> JSONValue {
        switch json {
        case .array(let items):
            return .array(items.map { restore($0, known) })
        case .object(var members):
            if members["is_credential"]?.bool == true, let id = identity(members), let stored = known[id] {
                if members["value"]?.string == mask { members["value"] = .string(stored.value) }
                if members["default"]?.string == mask { members["default"] = .string(stored.default) }
            }
            return .object(members.mapValues { restore($0, known) })
        default:
            return json
        }
    }
}
