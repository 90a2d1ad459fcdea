import SlipwayCore

/// Validation of ref names and revisions before they reach a `git` argument list.
///
/// Implements `git check-ref-format` rules in-process (no subprocess per check) and, on top,
/// refuses anything that starts with `-` so user input can never become an option.
package enum RefFormat {
    /// Whether `name` is a valid full ref name (`refs/heads/main`) per `git check-ref-format`.
    package static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 1024, !name.hasPrefix("-") else { return false }
        if name == "@" || name.hasSuffix(".") || name.hasSuffix("/") || name.hasPrefix("/") { return false }
        if name.contains("..") || name.contains("@{") || name.contains("//") { return false }
        for c in name.utf8 {
            if c < 0x20 || c == 0x7F { return false }
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "~"), UInt8(ascii: "^"), UInt8(ascii: ":"),
                UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "["), UInt8(ascii: "\\"):
                return false
            default: continue
            }
        }
        for component in name.split(separator: "/") {
            if component.hasPrefix(".") || component.hasSuffix(".lock") { return false }
        }
        return true
    }

    /// Validates a short branch name (`feature/x`) and returns `refs/heads/feature/x`.
    package static func branch(_ name: String) throws -> String { try branchRef(name).full }

    /// Validates a branch name (short or full) and returns it as a ref.
    package static func branchRef(_ name: String) throws -> RefName {
        let ref = RefName.branch(name)
        let short = ref.shortName
        guard !short.isEmpty, short != "HEAD", isValid(ref.full), !short.hasPrefix("-") else {
            throw SlipwayError.invalidInput("invalid branch name: \(name)")
        }
        return ref
    }

    /// Validates a short tag name (`v1.0`) and returns `refs/tags/v1.0`.
    package static func tag(_ name: String) throws -> String { try tagRef(name).full }

    /// Validates a tag name (short or full) and returns it as a ref.
    package static func tagRef(_ name: String) throws -> RefName {
        let ref = RefName.tag(name)
        let short = ref.shortName
        guard !short.isEmpty, isValid(ref.full), !short.hasPrefix("-") else {
            throw SlipwayError.invalidInput("invalid tag name: \(name)")
        }
        return ref
    }

    /// Validates a notes ref (`commits`, `notes/x` or `refs/notes/x`) and returns `refs/notes/…`.
    package static func notes(_ name: String) throws -> String {
        let full = name.hasPrefix("refs/") ? name : name.hasPrefix("notes/") ? "refs/" + name : "refs/notes/" + name
        guard full.hasPrefix("refs/notes/"), full.count > 11, isValid(full) else {
            throw SlipwayError.invalidInput("invalid notes ref: \(name)")
        }
        return full
    }

    /// Validates a revision: a full/abbreviated SHA, a ref name, optionally followed by simple
    /// `~N` / `^N` suffixes. Ranges (`a..b`), reflog syntax and options are refused.
    package static func revision(_ rev: String) throws -> String {
        guard !rev.isEmpty, rev.utf8.count <= 1024, !rev.hasPrefix("-") else {
            throw SlipwayError.invalidInput("invalid revision: \(rev)")
        }
        if rev == "HEAD" { return rev }
        var base = Substring(rev)
        while true {
            var trimmed = base
            while let last = trimmed.last, last.isASCII, last.isNumber { trimmed = trimmed.dropLast() }
            guard let last = trimmed.last, last == "~" || last == "^" else { break }
            base = trimmed.dropLast()
        }
        let name = String(base)
        if name == "HEAD" || isSHA(name, allowAbbreviated: true) { return rev }
        guard isValid(name) || isValid(RefName.branch(name).full) else {
            throw SlipwayError.invalidInput("invalid revision: \(rev)")
        }
        if name.contains("..") { throw SlipwayError.invalidInput("invalid revision: \(rev)") }
        return rev
    }

    /// Whether `s` is a hex object name (40 chars, or 4...40 when abbreviated is allowed).
    package static func isSHA(_ s: String, allowAbbreviated: Bool = false) -> Bool {
        let n = s.utf8.count
        guard allowAbbreviated ? (4...64).contains(n) : (n == 40 || n == 64) else { return false }
        return s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// The all-zero object name git uses for "no object" in ref updates.
    package static let zeroSHA = String(repeating: "0", count: 40)

    /// Validates a path inside a tree: relative, no `..`/`.` segments, no NUL.
    static func treePath(_ path: String) throws -> String {
        var p = path
        while p.hasSuffix("/") { p.removeLast() }
        while p.hasPrefix("/") { p.removeFirst() }
        if p.isEmpty { return "" }
        let bad = p.split(separator: "/", omittingEmptySubsequences: false).contains {
            $0.isEmpty || $0 == "." || $0 == ".." || $0 == ".git"
        }
        guard !bad, !p.utf8.contains(0), !p.contains("\n") else {
            throw SlipwayError.invalidInput("invalid path: \(path)")
        }
        return p
    }
}
