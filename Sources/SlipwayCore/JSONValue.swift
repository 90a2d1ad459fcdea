/// Any JSON value: type-specific specs (job specs, notification settings) kept as given.
package enum JSONValue: Codable, Hashable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    package init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let v = try? c.decode(Bool.self) {
            self = .bool(v)
        } else if let v = try? c.decode(Double.self) {
            self = .number(v)
        } else if let v = try? c.decode(String.self) {
            self = .string(v)
        } else if let v = try? c.decode([JSONValue].self) {
            self = .array(v)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .number(let v):
            if v.rounded() == v, abs(v) < 9.0e15 { try c.encode(Int64(v)) } else { try c.encode(v) }
        case .bool(let v): try c.encode(v)
        case .array(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        case .null: try c.encodeNil()
        }
    }

    /// The member `key` of an object, or `.null`.
    package subscript(key: String) -> JSONValue {
        get {
            if case .object(let o) = self { return o[key] ?? .null }
            return .null
        }
        set {
            if case .object(var o) = self {
                o[key] = newValue
                self = .object(o)
            }
        }
    }

    package var string: String? {
        switch self {
        case .string(let v): return v
        case .number(let v): return v.rounded() == v ? String(Int64(v)) : String(v)
        case .bool(let v): return v ? "true" : "false"
        default: return nil
        }
    }

    package var int: Int? {
        switch self {
        case .number(let v): return Int(v)
        case .string(let v): return Int(v)
        default: return nil
        }
    }

    package var bool: Bool? {
        switch self {
        case .bool(let v): return v
        case .string(let v): return v == "true" ? true : (v == "false" ? false : nil)
        default: return nil
        }
    }

    package var array: [JSONValue] { if case .array(let v) = self { return v } else { return [] } }
    package var object: [String: JSONValue] { if case .object(let v) = self { return v } else { return [:] } }
    package var isNull: Bool { self == .null }

    /// The same tree with every string passed through `transform` (variable rendering, masking).
    package func mapStrings(_ transform: (String) -> String) -> JSONValue {
        switch self {
        case .string(let v): return .string(transform(v))
        case .array(let v): return .array(v.map { $0.mapStrings(transform) })
        case .object(let v): return .object(v.mapValues { $0.mapStrings(transform) })
        default: return self
        }
    }
}
