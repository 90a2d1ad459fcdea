/// Kind of a tree entry.
public enum TreeEntryType: String, Sendable, Hashable, Codable {
    case blob, tree, commit
}

/// One entry of a directory listing.
public struct TreeEntry: Sendable, Hashable, Codable {
    public var name: String
    /// Path from the repository root.
    public var path: String
    /// Octal mode as git stores it (`100644`, `100755`, `120000`, `040000`, `160000`).
    public var mode: String
    public var type: TreeEntryType
    public var sha: String
    /// Blob size in bytes (nil for trees and submodules).
    public var size: Int64?
}

/// A file's content.
public struct Blob: Sendable, Hashable {
    public var sha: String
    public var size: Int64
    /// Heuristic: a NUL byte in the first 8000 bytes (git's own rule).
    public var isBinary: Bool
    /// The content, nil when `size` exceeded the read cap.
    public var content: [UInt8]?
}

/// One line of `blame`.
public struct BlameLine: Sendable, Hashable, Codable {
    public var lineNumber: Int
    public var commitSHA: String
    public var author: GitSignature
    public var summary: String
    public var text: String
}

/// One `search` hit.
public struct SearchMatch: Sendable, Hashable, Codable {
    public var path: String
    public var lineNumber: Int
    public var text: String
}
