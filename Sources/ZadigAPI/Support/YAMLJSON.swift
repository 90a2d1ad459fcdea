import Foundation
import SlipwayCore
import Yams

/// Request bodies Zadig reads as YAML (JSON is valid YAML), turned into a JSON tree.
enum YAMLJSON {
    static func parse(_ text: String) throws -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ZadigError.badRequest("malformed YAML or JSON body: \(String(describing: error).prefix(200))")
        }
        guard let node else { throw ZadigError.badRequest("request body is required") }
        let json = convert(node, depth: 0)
        try ZadigInput.refuseNUL(json)
        return json
    }

    private static func convert(_ node: Node, depth: Int) -> JSONValue {
        guard depth < 64 else { return .null }
        switch node {
        case .scalar:
            switch Tag.Name(rawValue: node.tag.description) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(node.string ?? "")
            case .int: return node.int.map { .number(Double($0)) } ?? .string(node.string ?? "")
            case .float: return node.float.map(JSONValue.number) ?? .string(node.string ?? "")
            default: return .string(node.string ?? "")
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = convert(value, depth: depth + 1) }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map { convert($0, depth: depth + 1) })
        case .alias:
            return .null
        }
    }
}
