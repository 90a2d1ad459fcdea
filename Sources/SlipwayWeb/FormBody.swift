import Foundation

/// An `application/x-www-form-urlencoded` body (what every page form posts).
package struct FormBody: Sendable, Equatable {
    package private(set) var fields: [(name: String, value: String)] = []

    package init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            fields.append((Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : ""))
        }
    }

    static func decode(_ part: Substring) -> String {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }

    /// The first value of a field, or "".
    package subscript(_ name: String) -> String {
        fields.first { $0.name == name }?.value ?? ""
    }

    /// Every field whose name starts with `prefix`, by the rest of its name.
    package func withPrefix(_ prefix: String) -> [String: String] {
        var found: [String: String] = [:]
        for field in fields where field.name.hasPrefix(prefix) && found[String(field.name.dropFirst(prefix.count))] == nil {
            found[String(field.name.dropFirst(prefix.count))] = field.value
        }
        return found
    }

    package static func == (lhs: FormBody, rhs: FormBody) -> Bool {
        lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }
}
