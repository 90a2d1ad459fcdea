import SQLKit
import Synchronization

extension SQLRowDecoder.KeyDecodingStrategy {
    /// Row columns in `snake_case` for `camelCase` properties, like `.convertFromSnakeCase`, with
    /// each key's column name worked out once per process: SQLKit's own strategy recomputes it with
    /// Unicode case tests for every column of every row, about half a list page's server time.
    package static let snakeCase = Self.custom { path in
        let key = path.last?.stringValue ?? ""
        return SnakeCaseKey(stringValue: SnakeCaseKey.column(for: key))
    }
}

/// A coding key named by its column.
struct SnakeCaseKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    private static let known = Mutex<[String: String]>([:])

    /// `taskId` → `task_id`, `sha256Sum` → `sha256_sum`: a capital starts a word after a lowercase
    /// letter or digit, and so does the last of a run of capitals followed by a lowercase letter;
    /// each word's first letter is lowercased and the rest kept (`depotID` → `depot_iD`), as SQLKit
    /// does for names that start in lowercase, which every property name here does.
    static func column(for key: String) -> String {
        if let column = known.withLock({ $0[key] }) { return column }
        let characters = Array(key)
        var column = ""
        for (i, character) in characters.enumerated() {
            guard character.isUppercase else {
                column.append(character)
                continue
            }
            let afterOther = i > 0 && !characters[i - 1].isUppercase
            let endsCapitals = i > 0 && characters[i - 1].isUppercase && i + 1 < characters.count && characters[i + 1].isLowercase
            if afterOther || endsCapitals {
                column.append("_")
                column += character.lowercased()
            } else {
                column.append(i == 0 ? Character(character.lowercased()) : character)
            }
        }
        known.withLock { $0[key] = column }
        return column
    }
}
