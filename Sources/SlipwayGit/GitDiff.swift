import Foundation

/// How a file changed.
package enum FileChangeStatus: String, Sendable, Hashable, Codable {
    case added = "A", modified = "M", deleted = "D", renamed = "R", copied = "C", typeChanged = "T"
}

/// One file of a diff.
package struct FileDiff: Sendable, Hashable, Codable {
    package var status: FileChangeStatus
    /// New path (the old one for deletions).
    package var path: String
    /// Previous path, for renames and copies.
    package var oldPath: String?
    package var additions: Int
    package var deletions: Int
    package var isBinary: Bool
    /// Unified diff of this file (`diff --git …` block); empty when over the patch size cap.
    package var patch: String
    /// The patch was left out because the diff exceeded the cap.
    package var patchTruncated: Bool
}

/// Filters for `log`.
package struct LogQuery: Sendable, Hashable {
    /// Where to start (default: HEAD).
    package var revision: String?
    /// Only commits touching this path.
    package var path: String?
    package var skip: Int
    package var limit: Int
    package var since: Date?
    package var until: Date?
    /// Substring of author name or email (case-insensitive).
    package var author: String?
    /// Substring of the message (case-insensitive).
    package var keyword: String?

    package init(
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
package struct Comparison: Sendable, Hashable {
    package var mergeBase: String?
    /// Commits in head not in base, newest first.
    package var commits: [GitCommit]
    /// Diff from the merge base to head (what a merge would bring).
    package var files: [FileDiff]
    package var stats: DiffStats
}
