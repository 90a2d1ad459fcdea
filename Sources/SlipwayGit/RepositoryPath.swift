import SlipwayCore

/// A validated repository address relative to the storage root, e.g. `team/project/depot`.
///
/// Each segment is `[A-Za-z0-9._-]+`, must not start with `.` or `-` (so no `..`, no hidden
/// directories, no option-looking names) and the path can never escape the root. A trailing
/// `.git` on the last segment is accepted and stripped, so `team/depot.git` and `team/depot`
/// address the same repository.
package struct RepositoryPath: Sendable, Hashable, CustomStringConvertible {
    /// The path segments.
    package let segments: [String]

    /// Validates `raw`; throws `SlipwayError.invalidInput` when it is not a safe relative path.
    package init(_ raw: String) throws {
        var path = raw
        if path.hasSuffix(".git") { path.removeLast(4) }
        guard !path.isEmpty, path.utf8.count <= 512 else {
            throw SlipwayError.invalidInput("repository path must be 1...512 characters")
        }
        guard !path.hasPrefix("/") else {
            throw SlipwayError.invalidInput("repository path must be relative: \(raw)")
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 8 else { throw SlipwayError.invalidInput("repository path is too deep: \(raw)") }
        for part in parts {
            guard Self.isValidSegment(part) else {
                throw SlipwayError.invalidInput("invalid repository path segment '\(part)' in \(raw)")
            }
        }
        segments = parts
    }

    static func isValidSegment(_ s: String) -> Bool {
        guard let first = s.utf8.first, s.utf8.count <= 100 else { return false }
        if first == UInt8(ascii: ".") || first == UInt8(ascii: "-") { return false }
        if s.hasSuffix(".lock") { return false }
        return s.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
        }
    }

    /// `team/project/depot` (no `.git` suffix).
    package var description: String { segments.joined(separator: "/") }
    /// The directory name on disk relative to the root: `team/project/depot.git`.
    var relativeDirectory: String { description + ".git" }
}
