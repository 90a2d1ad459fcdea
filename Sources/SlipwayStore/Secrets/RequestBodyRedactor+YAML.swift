import Foundation
import SlipwayCore
import Yams

extension RequestBodyRedactor {
    /// Larger YAML bodies are not parsed for the log; a summary is stored.
    static let maximumYAMLBytes = 256 * 1024

    /// A YAML body redacted and re-emitted as YAML (keys sorted, comments dropped), or a summary.
    /// Read by the one bounded YAML reader (size, nesting, nodes with aliases expanded).
    static func redactYAML(_ body: String, names: Set<String>) -> String {
        guard body.utf8.count <= maximumYAMLBytes else { return summary("a YAML body too large to redact", body) }
        let parsed: JSONValue?
        do {
            parsed = try reader.parse(body)
        } catch {
            return summary("a YAML body that is not valid or too deep or too large to redact", body)
        }
        guard let tree = parsed else { return summary("a body that is neither JSON nor YAML", body) }
        switch tree {
        case .object, .array: break
        default: return summary("a body that is not a YAML mapping or list", body)
        }
        var budget = maximumNodes
        guard let redacted = redact(tree, depth: 0, budget: &budget, names: names) else {
            return summary("a YAML body too deep or too large to redact", body)
        }
        // Nothing to hide: the body is kept as sent.
        if redacted == tree { return body }
        guard let text = try? Yams.dump(object: plain(redacted), sortKeys: true) else {
            return summary("a YAML body that could not be re-emitted", body)
        }
        return text
    }

    static let reader = BoundedYAML(maxBytes: maximumYAMLBytes, maxDepth: maximumDepth, maxNodes: maximumNodes)

    /// Cheap bound checked before parsing any body, JSON or YAML (the bounded reader's own).
    static func shallowEnough(_ text: String) -> Bool {
        BoundedYAML.nestingBound(text) <= maximumDepth
    }

    /// Foundation values for `Yams.dump`.
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .string(let text): return text
        case .number(let number): return number.rounded() == number && abs(number) < 9.0e15 ? Int(number) : number
        case .bool(let flag): return flag
        case .array(let items): return items.map(plain)
        case .object(let object): return object.mapValues(plain)
        case .null: return NSNull()
        }
    }
}
