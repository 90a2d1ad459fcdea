import Foundation
import SlipwayCore

/// The vendor's response schemas of the actions Slipway serves, as extracted from
/// `coding-openapi.yaml` into `Fixtures/coding-responses.json` (by the script beside it), and
/// a validator for the parts the tests rely on: `$ref`, `type`, `properties`, `items`, and the
/// required fields (`required` and the vendor's `x-tcapi-output-required`).
struct ResponseSchemas: Sendable {
    /// Action → its 200-response schema name.
    let actions: [String: String]
    let schemas: [String: JSONValue]

    static func load() throws -> ResponseSchemas {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/coding-responses.json")
        let root = JSONValue(text: try String(contentsOf: url, encoding: .utf8))
        guard case .object(let actions) = root["actions"], case .object(let schemas) = root["schemas"] else {
            throw GitCLIError(message: "cannot read \(url.path)")
        }
        return ResponseSchemas(actions: actions.compactMapValues(\.string), schemas: schemas)
    }

    /// What in a whole answer (`{"Response":{…}}`) breaks the action's schema; empty when it conforms.
    /// The top-level schema's required list names fields of `Response`, as the vendor writes it.
    func violations(of action: String, in body: JSONValue) -> [String] {
        guard let name = actions[action], let top = schemas[name] else { return ["\(action): no schema"] }
        var found: [String] = []
        let response = body["Response"]
        for field in Self.required(top) where Self.missing(response, field) {
            found.append("Response.\(field) is required")
        }
        check(body, against: top, at: "", into: &found)
        return found
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into found: inout [String]) {
        if let ref = schema["$ref"].string {
            guard let target = schemas[String(ref.split(separator: "/").last ?? "")] else {
                found.append("\(path): unknown schema \(ref)")
                return
            }
            check(value, against: target, at: path, into: &found)
            return
        }
        if case .null = value { return }
        let type = schema["type"].string ?? (schema["properties"].isNull ? nil : "object")
        switch type {
        case "object":
            guard case .object(let object) = value else { return found.append("\(path): \(Self.kind(value)), not an object") }
            if !path.isEmpty {
                for field in Self.required(schema) where Self.missing(value, field) {
                    found.append("\(path).\(field) is required")
                }
            }
            if case .object(let properties) = schema["properties"] {
                for (key, child) in properties {
                    guard let item = object[key] else { continue }
                    check(item, against: child, at: path.isEmpty ? key : "\(path).\(key)", into: &found)
                }
            }
        case "array":
            guard case .array(let items) = value else { return found.append("\(path): \(Self.kind(value)), not an array") }
            for (index, item) in items.enumerated() {
                check(item, against: schema["items"], at: "\(path)[\(index)]", into: &found)
            }
        case "string":
            if value.string == nil { found.append("\(path): \(Self.kind(value)), not a string") }
        case "integer", "uint64":
            guard case .number(let n) = value, n.rounded() == n, type == "integer" || n >= 0 else {
                return found.append("\(path): \(Self.kind(value)), not an \(type ?? "")")
            }
        case "datetime":
            guard case .number = value else { return found.append("\(path): \(Self.kind(value)), not a timestamp") }
        case "boolean":
            if value.bool == nil { found.append("\(path): \(Self.kind(value)), not a boolean") }
        default:
            break
        }
    }

    private static func required(_ schema: JSONValue) -> [String] {
        (schema["required"].array + schema["x-tcapi-output-required"].array).compactMap(\.string)
    }

    private static func missing(_ object: JSONValue, _ field: String) -> Bool {
        guard case .object(let fields) = object, let value = fields[field] else { return true }
        return value.isNull
    }

    private static func kind(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "string \"\(s.prefix(20))\""
        case .number(let n): return "number \(n)"
        case .bool(let b): return "boolean \(b)"
        case .array: return "array"
        case .object: return "object"
        case .null: return "null"
        }
    }
}
