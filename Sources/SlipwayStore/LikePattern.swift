import SQLKit

/// `LIKE` patterns matching a keyword literally (its `%`, `_` and `\` escaped), lowercased.
enum LikePattern {
    /// `lower(column)` holds `keyword`, any case; `column` is a constant of the caller's.
    static func contains(column: StaticString, _ keyword: String) -> SQLQueryString {
        "lower(\(unsafeRaw: "\(column)")) LIKE \(bind: containing(keyword)) ESCAPE '\\'"
    }

    static func containing(_ keyword: String) -> String {
        var escaped = ""
        for c in keyword.lowercased() {
            if c == "%" || c == "_" || c == "\\" { escaped.append("\\") }
            escaped.append(c)
        }
        return "%\(escaped)%"
    }
}
