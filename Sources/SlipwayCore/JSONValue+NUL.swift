extension JSONValue {
    /// The path (`a.b[2]`) of the first key or string holding a NUL character, nil when none does.
    /// Databases and C-based tools cut strings at NUL, so input with one is refused, not stored.
    public var pathOfNUL: String? {
        Self.pathOfNUL(in: self, path: "")
    }

    private static func pathOfNUL(in value: JSONValue, path: String) -> String? {
        switch value {
        case .string(let text):
            return text.utf8.contains(0) ? (path.isEmpty ? "(body)" : path) : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = pathOfNUL(in: item, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for (key, item) in members.sorted(by: { $0.key < $1.key }) {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key.utf8.contains(0) { return child }
                if let found = pathOfNUL(in: item, path: child) { return found }
            }
            return nil
        case .number, .bool, .null:
            return nil
        }
    }
}
