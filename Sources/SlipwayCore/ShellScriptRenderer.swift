/// Renders `{{.key}}` placeholders inside a shell script as references to environment variables,
/// never as the value itself: a value reaches the script as data, so `x; rm -rf ~`, `$(…)`,
/// backticks or quotes in it are never executed. The reference is quoted for where it appears:
/// `"${N}"` outside quotes, `${N}` inside double quotes, `'"${N}"'` inside single quotes,
/// `${N}` in here-documents (inert text in a quoted one) and comments.
/// The caller exports `environmentName(for: key)` = value for every key in `used`.
package struct ShellScriptRenderer: Sendable {
    /// Keys with a value; unknown keys are dropped, as plain rendering does right before a job starts.
    package var knownKeys: Set<String>
    /// Leave `{{.key}}` text of unknown keys as written (for scripts where it is not a placeholder,
    /// such as a Go template in a Serverless Devs `run:` step).
    package var keepsUnknown: Bool

    package init(knownKeys: Set<String>, keepsUnknown: Bool = false) {
        self.knownKeys = knownKeys
        self.keepsUnknown = keepsUnknown
    }

    /// The environment variable carrying a key's value: `SLIPWAY_VAR_` + the key with `.`→`__`,
    /// `_`→`_1`, `-`→`_2`, other characters as `_x<hex>_` (one name per key, never two keys per name).
    package static func environmentName(for key: String) -> String {
        var name = "SLIPWAY_VAR_"
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9": name.unicodeScalars.append(scalar)
            case ".": name += "__"
            case "_": name += "_1"
            case "-": name += "_2"
            default: name += "_x" + String(scalar.value, radix: 16) + "_"
            }
        }
        return name
    }

    private enum State { case plain, single, ansi, double, comment }

    /// The script with every placeholder replaced, and the keys it now refers to.
    package func render(_ script: String) -> (script: String, used: Set<String>) {
        guard script.contains("{{.") else { return (script, []) }
        let chars = Array(script)
        var out = ""
        var used = Set<String>()
        var state = State.plain
        var heredocs: [(delimiter: String, stripTabs: Bool)] = []
        var i = 0

        /// A placeholder at `i`: its key and the index after it.
        func placeholder(at i: Int) -> (key: String, end: Int)? {
            guard i + 2 < chars.count, chars[i] == "{", chars[i + 1] == "{", chars[i + 2] == "." else { return nil }
            var j = i + 3
            while j + 1 < chars.count, !(chars[j] == "}" && chars[j + 1] == "}") { j += 1 }
            guard j + 1 < chars.count else { return nil }
            let key = String(chars[(i + 3)..<j])
            return VariableRenderer.isVariableKey(key) ? (key, j + 2) : nil
        }
        func reference(_ key: String, quoting: State) -> String {
            guard knownKeys.contains(key) else { return keepsUnknown ? "{{.\(key)}}" : "" }
            used.insert(key)
            let name = "${" + Self.environmentName(for: key) + "}"
            switch quoting {
            case .plain: return "\"\(name)\""
            case .single: return "'\"\(name)\"'"
            case .ansi: return "'\"\(name)\"$'"
            case .double, .comment: return name
            }
        }

        /// Copy a here-document body starting at `start` (a line start) through its delimiter line.
        func body(_ heredoc: (delimiter: String, stripTabs: Bool), from start: Int) -> Int {
            var i = start
            while i < chars.count {
                var lineEnd = i
                while lineEnd < chars.count, chars[lineEnd] != "\n" { lineEnd += 1 }
                var line = String(chars[i..<lineEnd])
                if heredoc.stripTabs { line = String(line.drop { $0 == "\t" }) }
                if line == heredoc.delimiter {
                    out += String(chars[i..<min(lineEnd + 1, chars.count)])
                    return min(lineEnd + 1, chars.count)
                }
                var j = i
                while j <= lineEnd && j < chars.count {
                    if let (key, end) = placeholder(at: j), end <= lineEnd {
                        out += reference(key, quoting: .double)
                        j = end
                    } else {
                        out.append(chars[j])
                        j += 1
                    }
                }
                i = j
            }
            return i
        }

        while i < chars.count {
            if let (key, end) = placeholder(at: i) {
                out += reference(key, quoting: state)
                i = end
                continue
            }
            let c = chars[i]
            out.append(c)
            i += 1
            switch state {
            case .plain:
                switch c {
                case "\\":
                    if i < chars.count, placeholder(at: i) == nil { out.append(chars[i]); i += 1 }
                case "'":
                    state = i >= 2 && chars[i - 2] == "$" ? .ansi : .single
                case "\"":
                    state = .double
                case "#" where i == 1 || " \t\n;&|()<>".contains(chars[i - 2]):
                    state = .comment
                case "<" where i < chars.count && chars[i] == "<" && (i + 1 >= chars.count || chars[i + 1] != "<"):
                    if let (heredoc, end) = Self.heredocOperator(chars, from: i + 1) {
                        heredocs.append(heredoc)
                        out += String(chars[i..<end])
                        i = end
                    }
                case "\n" where !heredocs.isEmpty:
                    for heredoc in heredocs { i = body(heredoc, from: i) }
                    heredocs = []
                default:
                    break
                }
            case .single:
                if c == "'" { state = .plain }
            case .ansi:
                if c == "\\", i < chars.count, placeholder(at: i) == nil { out.append(chars[i]); i += 1 } else if c == "'" { state = .plain }
            case .double:
                if c == "\\", i < chars.count, placeholder(at: i) == nil { out.append(chars[i]); i += 1 } else if c == "\"" { state = .plain }
            case .comment:
                if c == "\n" {
                    state = .plain
                    if !heredocs.isEmpty {
                        for heredoc in heredocs { i = body(heredoc, from: i) }
                        heredocs = []
                    }
                }
            }
        }

        return (out, used)
    }

    /// After `<<`: `-`?, blanks, a delimiter word (quotes removed). Nil for `<< 2` style shifts.
    private static func heredocOperator(_ chars: [Character], from start: Int) -> ((delimiter: String, stripTabs: Bool), Int)? {
        var i = start
        let stripTabs = i < chars.count && chars[i] == "-"
        if stripTabs { i += 1 }
        while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
        var word = ""
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "\\" {
                if i + 1 < chars.count { word.append(chars[i + 1]); i += 1 }
            } else if " \t\n;&|()<>".contains(c) {
                break
            } else {
                word.append(c)
            }
            i += 1
        }
        guard !word.isEmpty, quote == nil, !(word.first?.isNumber ?? false) else { return nil }
        return ((word, stripTabs), i)
    }
}
