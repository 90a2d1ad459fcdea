/// micromatch-style globs for branch and tag rules: `*` (no `/`), `**` (anything), `?`,
/// `[abc]`/`[a-z]`/`[!x]`. Matching is dynamic programming over (pattern, text) positions, so
/// it is O(pattern × text) on any input: no backtracking blow-up.
package enum Glob {
    package static let maxLength = 1024

    package static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        guard p.count <= maxLength, t.count <= maxLength else { return false }
        // Compile into atoms.
        enum Atom { case literal(Unicode.Scalar), any, star, globstar, optionalSlash, set([ClosedRange<UInt32>], Bool) }
        var atoms: [Atom] = []
        var i = 0
        while i < p.count {
            let c = p[i]
            if c == "*" {
                if i + 1 < p.count, p[i + 1] == "*" {
                    atoms.append(.globstar)
                    i += 2
                    // `**/` also matches nothing (so `a/**/b` matches `a/b`).
                    if i < p.count, p[i] == "/" { atoms.append(.optionalSlash); i += 1 }
                    continue
                }
                atoms.append(.star)
                i += 1
            } else if c == "?" {
                atoms.append(.any)
                i += 1
            } else if c == "[", let close = p[(i + 1)...].firstIndex(of: "]"), close > i + 1 {
                var body = Array(p[(i + 1)..<close])
                var negated = false
                if let first = body.first, first == "!" || first == "^" { negated = true; body.removeFirst() }
                var ranges: [ClosedRange<UInt32>] = []
                var k = 0
                while k < body.count {
                    if k + 2 < body.count, body[k + 1] == "-", body[k].value <= body[k + 2].value {
                        ranges.append(body[k].value...body[k + 2].value)
                        k += 3
                    } else {
                        ranges.append(body[k].value...body[k].value)
                        k += 1
                    }
                }
                atoms.append(.set(ranges, negated))
                i = close + 1
            } else {
                atoms.append(.literal(c))
                i += 1
            }
        }
        let n = atoms.count, m = t.count
        var dp = Array(repeating: Array(repeating: false, count: m + 1), count: n + 1)
        dp[n][m] = true
        for a in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m, through: 0, by: -1) {
                switch atoms[a] {
                case .literal(let c): dp[a][j] = j < m && t[j] == c && dp[a + 1][j + 1]
                case .any: dp[a][j] = j < m && t[j] != "/" && dp[a + 1][j + 1]
                case .star: dp[a][j] = dp[a + 1][j] || (j < m && t[j] != "/" && dp[a][j + 1])
                case .globstar: dp[a][j] = dp[a + 1][j] || (j < m && dp[a][j + 1])
                case .optionalSlash: dp[a][j] = dp[a + 1][j] || (j < m && t[j] == "/" && dp[a + 1][j + 1])
                case .set(let ranges, let negated):
                    let inSet = j < m && ranges.contains { $0.contains(t[j].value) }
                    dp[a][j] = j < m && (negated ? !inSet && t[j] != "/" : inSet) && dp[a + 1][j + 1]
                }
            }
        }
        return dp[0][0]
    }
}
