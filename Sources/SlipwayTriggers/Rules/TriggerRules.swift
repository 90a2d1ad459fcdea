import SlipwayCore

/// What an application's `trigger_spec` decides about one event.
package enum TriggerDecision: Sendable, Equatable {
    /// Run the pipeline file `template`.
    case run(template: String)
    /// Do not run, and why.
    case skip(String)
}

/// Evaluates a provider section of `trigger_spec`, generation 1 (`events` with Jexl filters)
/// or generation 2 (structured `push`/`pull_request` rules).
package enum TriggerRules {
    package static let defaultTemplate = "serverless-pipeline.yaml"

    /// `section` is `trigger_spec.<provider>`; `context` is `{headers, body}` for filters.
    package static func decide(_ section: JSONValue, event: ProviderEvent, context: JSONValue) -> TriggerDecision {
        if event.deleted { return .skip("ref \(event.ref) deleted") }
        let events = section["events"].array
        if !events.isEmpty {
            var reasons: [String] = []
            for configured in events {
                let name = configured["eventName"].string ?? configured["event_name"].string ?? ""
                guard name == event.name else { continue }
                let template = nonEmpty(configured["template"].string) ?? defaultTemplate
                guard let filter = nonEmpty(configured["filter"].string) else { return .run(template: template) }
                do {
                    if try Expression.test(filter, context) { return .run(template: template) }
                    reasons.append("filter false: \(filter)")
                } catch {
                    reasons.append("filter error: \(error.description)")
                }
            }
            return .skip(reasons.isEmpty ? "no trigger for event \(event.name)" : reasons.joined(separator: "; "))
        }
        let template = nonEmpty(section["template"].string) ?? defaultTemplate
        switch event.name {
        case "push":
            let rules = section["push"]
            guard !rules.isNull else { return .skip("no push rules") }
            if let branch = event.branch {
                return matches(rules["branches"], branch) ? .run(template: template) : .skip("branch \(branch) not matched")
            }
            if let tag = event.tag {
                return matches(rules["tags"], tag) ? .run(template: template) : .skip("tag \(tag) not matched")
            }
            return .skip("ref \(event.ref) is neither a branch nor a tag")
        case "pull_request":
            let rules = section["pull_request"]
            guard !rules.isNull else { return .skip("no pull_request rules") }
            let types = rules["types"].array.compactMap(\.string)
            if !types.isEmpty, !types.contains(event.action) { return .skip("pull request action \(event.action) not in \(types)") }
            if !rules["branches"].isNull, !matches(rules["branches"], event.targetBranch) {
                return .skip("target branch \(event.targetBranch) not matched")
            }
            return .run(template: template)
        default:
            return .skip("no trigger for event \(event.name)")
        }
    }

    /// Branch/tag rule: exclude > precise > prefix > include. An absent rule matches nothing.
    package static func matches(_ rule: JSONValue, _ name: String) -> Bool {
        guard !rule.isNull else { return false }
        let exclude = rule["exclude"].array.compactMap(\.string)
        if exclude.contains(where: { Glob.matches($0, name) }) { return false }
        if rule["precise"].array.compactMap(\.string).contains(name) { return true }
        if rule["prefix"].array.compactMap(\.string).contains(where: { !$0.isEmpty && name.hasPrefix($0) }) { return true }
        return rule["include"].array.compactMap(\.string).contains { Glob.matches($0, name) }
    }

    static func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
}
