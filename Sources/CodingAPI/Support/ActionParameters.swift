import Foundation
import SlipwayCore

/// The JSON body of an action call, with typed accessors that fail with the parameter's name
/// (`MissingParameter` / `InvalidParameter`). Names match exactly first and then
/// case-insensitively, because CODING's own examples disagree on case (`Message`/`message`).
struct ActionParameters: Sendable {
    let values: [String: JSONValue]

    init(_ values: [String: JSONValue]) {
        self.values = values
    }

    /// Refuses (`InvalidParameterValue`, naming the parameter) a NUL character in any string or
    /// key of a request, at any depth: git, the database and the file system all treat NUL as
    /// an end of string, so such text can never be stored or committed faithfully.
    static func rejectNUL(in value: JSONValue, at path: String) throws(CodingError) {
        guard let nul = value.firstNUL else { return }
        var steps = nul.steps
        if nul.inKey { steps.removeLast() }
        let inner = JSONValue.NULPosition(steps: steps, inKey: false).path(bracketedIndexes: false)
        let name = [path, inner].filter { !$0.isEmpty }.joined(separator: ".")
        if nul.inKey { throw .invalidParameter(name.isEmpty ? "names" : "names in \(name)", "must not contain NUL characters") }
        throw .invalidValue(name, "must not contain NUL characters")
    }

    /// The raw value, nil when absent or JSON null.
    func value(_ name: String) -> JSONValue? {
        let found = values[name] ?? values.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        if case .null = found { return nil }
        return found
    }

    /// A string; numbers are accepted and printed (ids are often sent either way).
    func optionalString(_ name: String) throws(CodingError) -> String? {
        switch value(name) {
        case nil: return nil
        case .string(let s): return s
        case .number(let n) where n.rounded() == n && abs(n) < 9.0e15: return String(Int64(n))
        case .bool(let b): return String(b)
        default: throw .invalidParameter(name, "must be a string")
        }
    }

    /// A required, non-empty string.
    func string(_ name: String) throws(CodingError) -> String {
        guard let s = try optionalString(name), !s.isEmpty else { throw .missingParameter(name) }
        return s
    }

    /// An integer, given as a JSON number or a numeric string.
    func optionalInt(_ name: String) throws(CodingError) -> Int64? {
        switch value(name) {
        case nil: return nil
        case .number(let n):
            guard n.rounded() == n, abs(n) < 9.0e15 else { throw .invalidParameter(name, "must be an integer") }
            return Int64(n)
        case .string(let s):
            if s.isEmpty { return nil }
            guard let n = Int64(s) else { throw .invalidParameter(name, "must be an integer") }
            return n
        default: throw .invalidParameter(name, "must be an integer")
        }
    }

    func int(_ name: String) throws(CodingError) -> Int64 {
        guard let n = try optionalInt(name) else { throw .missingParameter(name) }
        return n
    }

    /// A boolean: true/false, 0/1, or their string forms.
    func optionalBool(_ name: String) throws(CodingError) -> Bool? {
        switch value(name) {
        case nil: return nil
        case .bool(let b): return b
        case .number(let n) where n == 0 || n == 1: return n == 1
        case .string(let s):
            switch s.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            case "": return nil
            default: throw .invalidParameter(name, "must be a boolean")
            }
        default: throw .invalidParameter(name, "must be a boolean")
        }
    }

    /// A required JSON array.
    func array(_ name: String) throws(CodingError) -> [JSONValue] {
        guard let v = value(name) else { throw .missingParameter(name) }
        guard case .array(let items) = v else { throw .invalidParameter(name, "must be an array") }
        return items
    }

    /// Paging: `PageNumber` (1-based, default 1) and `PageSize` (default and maximum given).
    func page(
        number: String = "PageNumber", size: String = "PageSize", defaultSize: Int, maxSize: Int
    ) throws(CodingError) -> (number: Int, size: Int) {
        let page = try optionalInt(number) ?? 1
        let pageSize = try optionalInt(size) ?? Int64(defaultSize)
        guard page >= 1 else { throw .invalidValue(number, "must be >= 1") }
        guard (1...Int64(maxSize)).contains(pageSize) else { throw .invalidValue(size, "must be 1...\(maxSize)") }
        return (Int(page), Int(pageSize))
    }

    /// A date filter: epoch milliseconds (number or digits), `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` (UTC).
    func optionalDate(_ name: String) throws(CodingError) -> Date? {
        guard let raw = try optionalString(name), !raw.isEmpty else { return nil }
        if let ms = Int64(raw) { return Date(timeIntervalSince1970: Double(ms) / 1000) }
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = format
            if let d = f.date(from: raw) { return d }
        }
        throw .invalidValue(name, "must be yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or epoch milliseconds")
    }
}
