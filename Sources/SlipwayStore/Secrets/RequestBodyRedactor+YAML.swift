import Foundation
import SlipwayCore
import Yams

extension RequestBodyRedactor {
    /// Larger YAML bodies are not parsed for the log; a summary is stored.
    static let maximumYAMLBytes = 256 * 1024

    /// A YAML body redacted and re-emitted as YAML (keys sorted, comments dropped), or a summary.
    static func redactYAML(_ body: String, names: Set<String>) -> String {
        guard body.utf8.count <= maximumYAMLBytes else { return summary("a YAML body too large to redact", body) }
        guard let node = try? Yams.compose(yaml: body) else { return summary("a body that is neither JSON nor YAML", body) }
        switch node {
        case .mapping, .sequence: break
        default: return summary("a body that is not a YAML mapping or list", body)
        }
        var budget = maximumNodes
        guard let tree = json(node, depth: 0, budget: &budget), let redacted = redact(tree, depth: 0, budget: &budget, names: names) else {
            return summary("a YAML body too deep or too large to redact", body)
        }
        // Nothing to hide: the body is kept as sent.
        if redacted == tree { return body }
        guard let text = try? Yams.dump(object: plain(redacted), sortKeys: true) else {
            return summary("a YAML body that could not be re-emitted", body)
        }
        return text
    }

    /// Cheap bounds checked before parsing: flow nesting (`[`, `{`) and indentation.
    static func shallowEnough(_ text: String) -> Bool {
        var depth = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { depth += 1 }
            if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { depth = max(0, depth - 1) }
            if depth > maximumDepth { return false }
        }
        return text.split(separator: "\n").allSatisfy { line in line.prefix { $0 == " " }.count <= maximumDepth * 4 }
    }

    /// The YAML tree as JSON values (scalars as text), within the depth and node limits.
    static func json(_ node: Node, depth: Int, budget: inout Int) -> JSONValue? {
        budget -= 1
        guard depth < maximumDepth, budget > 0 else { return nil }
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.description) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int, .float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let converted = json(value, depth: depth + 1, budget: &budget) else { return nil }
                object[key.string ?? ""] = converted
            }
            return .object(object)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence {
                guard let converted = json(item, depth: depth + 1, budget: &budget) else { return nil }
                items.append(converted)
            }
            return .array(items)
        case .alias:
            return .null
        }
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
