/// Kind of a tree entry.
package enum TreeEntryType: String, Sendable, Hashable, Codable {
    case blob, tree, commit
}

/// One entry of a directory listing.
package struct TreeEntry: Sendable, Hashable, Codable {
    package var name: String
    /// Path from the repository root.
    package var path: String
    /// Octal mode as git stores it (`100644`, `100755`, `120000`, `040000`, `160000`).
    package var mode: String
    package var type: TreeEntryType
    package var sha: String
    /// Blob size in bytes (nil for trees and submodules).
    package var size: Int64?
}

/// A file's content.
package struct Blob: Sendable, Hashable {
    package var sha: String
    package var size: Int64
    /// Heuristic: a NUL byte in the first 8000 bytes (git's own rule).
    package var isBinary: Bool
    /// The content, nil when `size` exceeded the read cap.
    package var content: [UInt8]?
}

/// One line of `blame`.
package struct BlameLine: Sendable, Hashable, Codable {
    package var lineNumber: Int
    package var commitSHA: String
    package var author: GitSignature
    package var summary: String
    package var text: String
}

/// One `search` hit.
package struct SearchMatch: Sendable, Hashable, Codable {
    package var path: String
    package var lineNumber: Int
    package var text: String
}
