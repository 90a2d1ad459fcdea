extension JSONValue {
    /// Where the first NUL character of a value stands. Databases, git and C-based tools cut
    /// strings at NUL, so every dialect refuses input that holds one instead of storing it.
    package struct NULPosition: Sendable, Equatable {
        /// The keys and array indexes leading to the string or key.
        package var steps: [Step]
        /// The NUL is in an object key (the last step), not in a string value.
        package var inKey: Bool

        package init(steps: [Step], inKey: Bool) {
            self.steps = steps
            self.inKey = inKey
        }

        package enum Step: Sendable, Equatable {
            case key(String)
            case index(Int)
        }

        /// `a.b[2]` (`bracketed`) or `a.b.2`; empty for the top-level value.
        package func path(bracketedIndexes: Bool = true) -> String {
            var out = ""
            for step in steps {
                switch step {
                case .key(let key): out += out.isEmpty ? key : ".\(key)"
                case .index(let index): out += bracketedIndexes ? "[\(index)]" : (out.isEmpty ? "\(index)" : ".\(index)")
                }
            }
            return out
        }
    }

    /// The first key or string holding a NUL character (keys in sorted order), nil when none does.
    package var firstNUL: NULPosition? {
        Self.firstNUL(in: self, steps: [])
    }

    private static func firstNUL(in value: JSONValue, steps: [NULPosition.Step]) -> NULPosition? {
        switch value {
        case .string(let text):
            return text.utf8.contains(0) ? NULPosition(steps: steps, inKey: false) : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = firstNUL(in: item, steps: steps + [.index(index)]) { return found }
            }
            return nil
        case .object(let members):
            for (key, item) in members.sorted(by: { $0.key < $1.key }) {
                if key.utf8.contains(0) { return NULPosition(steps: steps + [.key(key)], inKey: true) }
                if let found = firstNUL(in: item, steps: steps + [.key(key)]) { return found }
            }
            return nil
        case .number, .bool, .null:
            return nil
        }
    }
}
