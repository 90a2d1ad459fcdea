import SlipwayCore

/// The fields of `application/create`, each checked, every problem reported in one error.
struct ApplicationFields {
    var repo = "", owner = "", repoURL = "", providerRepoID = "", provider = ""
    var triggerSpec: JSONValue = .object([:])
    var secrets: [String: String] = [:]

    init(_ body: JSONValue) throws {
        var problems: [String] = []
        func required(_ key: String) -> String {
            switch body[key] {
            case .string(let value) where !value.isEmpty: return value
            case .null, .string: problems.append("\(key) is required")
            default: problems.append("\(key) must be a string")
            }
            return ""
        }
        repo = required("repo")
        owner = required("owner")
        repoURL = required("repo_url")
        providerRepoID = required("provider_repo_id")
        provider = required("provider").lowercased()
        if body["trigger_spec"].isNull {
            problems.append("trigger_spec is required")
        } else {
            do { triggerSpec = try ApplicationController.triggerSpec(body["trigger_spec"]) } catch let error as SlipwayError {
                problems.append(error.detail)
            }
        }
        do { secrets = try ApplicationController.secretChanges(body["secrets"]).compactMapValues { $0 } } catch let error as SlipwayError {
            problems.append(error.detail)
        }
        guard problems.isEmpty else { throw SlipwayError.invalidInput(problems.joined(separator: "; ")) }
    }
}
