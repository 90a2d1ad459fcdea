import Foundation

/// How a file changed.
public enum FileChangeStatus: String, Sendable, Hashable, Codable {
    case added = "A", modified = "M", deleted = "D", renamed = "R", copied = "C", typeChanged = "T"
}

/// One file of a diff.
public struct FileDiff: Sendable, Hashable, Codable {
    public var status: FileChangeStatus
    /// New path (the old one for deletions).
    public var path: String
    /// Previous path, for renames and copies.
    public var oldPath: String?
    public var additions: Int
    public var deletions: Int
    public var isBinary: Bool
    /// Unified diff of this file (`diff --git …` block); empty when over the patch size cap.
    public var patch: String
    /// The patch was left out because the diff exceeded the cap.
    public var patchTruncated: Bool
}

/// Filters for `log`.
public struct LogQuery: Sendable, Hashable {
    /// Where to start (default: HEAD).
    public var revision: String?
    /// Only commits touching this path.
    public var path: String?
    public var skip: Int
    public var limit: Int
    public var since: Date?
    public var until: Date?
    /// Substring of author name or email (case-insensitive).
    public var author: String?
    /// Substring of the message (case-insensitive).
    public var keyword: String?

    public init(
        revision: String? = nil, path: String? = nil, skip: Int = 0, limit: Int = 20, since: Date? = nil,
        until: Date? = nil, author: String? = nil, keyword: String? = nil
    ) {
        self.revision = revision
        self.path = path
        self.skip = skip
        self.limit = limit
        self.since = since
        self.until = until
        self.author = author
        self.keyword = keyword
    }
}

/// Commits of one side of a merge request plus the combined change.
public struct Comparison: Sendable, Hashable {
    public var mergeBase: String?
    /// Commits in head not in base, newest first.
    public var commits: [GitCommit]
    /// Diff from the merge base to head (what a merge would bring).
    public var files: [FileDiff]
    public var stats: DiffStats
}
