import Foundation
import SlipwayCore

/// Reading test responses: `json["Response"]["Depot"]["Id"].int`.
extension JSONValue {
    init(text: String) {
        self = (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }

    subscript(index: Int) -> JSONValue {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return .null
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var int: Int64? {
        if case .number(let n) = self { return Int64(n) }
        return nil
    }

    var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var array: [JSONValue] {
        if case .array(let a) = self { return a }
        return []
    }

    var isNull: Bool { self == .null }
}

extension JSONValue {
    /// The value as JSON text (a string as a quoted JSON string): for bodies that carry JSON in a string.
    var jsonText: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }
}
