import Foundation

/// A parsed JSON document for assertions: `json["projects"][0]["project_key"].string`.
enum JSON: Equatable, Sendable, Decodable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSON])
    case object([String: JSON])
    case null
    /// What a missing key or index yields, so chains never crash.
    case missing

    init(data: Data) {
        self = (try? JSONDecoder().decode(JSON.self, from: data)) ?? .missing
    }

    init(_ text: String) {
        self.init(data: Data(text.utf8))
    }

    subscript(key: String) -> JSON {
        if case .object(let o) = self { return o[key] ?? .missing }
        return .missing
    }

    subscript(index: Int) -> JSON {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return .missing
    }

    var string: String? { if case .string(let v) = self { return v } else { return nil } }
    var int: Int? { if case .number(let v) = self { return Int(v) } else { return nil } }
    var bool: Bool? { if case .bool(let v) = self { return v } else { return nil } }
    var array: [JSON] { if case .array(let v) = self { return v } else { return [] } }
    var keys: Set<String> { if case .object(let o) = self { return Set(o.keys) } else { return [] } }
    var exists: Bool { self != .missing }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let v = try? c.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? c.decode(Double.self) {
            self = .number(v)
        } else if let v = try? c.decode(String.self) {
            self = .string(v)
        } else if let v = try? c.decode([JSON].self) {
            self = .array(v)
        } else {
            self = .object(try c.decode([String: JSON].self))
        }
    }
}
