/// How `merge` combines a source into a target branch.
public enum MergeMode: String, Sendable, Hashable, Codable {
    /// Move the target to the source; refused unless the target is an ancestor of the source.
    case fastForwardOnly
    /// Always create a merge commit with two parents (`--no-ff`).
    case mergeCommit
    /// One commit on the target with the merged tree and a single parent.
    case squash
}

/// A merge of `source` into the branch `target`.
public struct MergeRequest: Sendable, Hashable {
    /// Any revision (usually a branch).
    public var source: String
    /// Branch to update.
    public var target: String
    public var mode: MergeMode
    /// Message of the merge or squash commit (unused for fast-forward).
    public var message: String
    public var author: GitIdentity
    /// If set, the target must still be at this commit (`conflict` otherwise).
    public var expectedTargetSHA: String?
    /// Delete the source branch afterwards (only when `source` names a branch).
    public var deleteSourceBranch: Bool

    public init(
        source: String, target: String, mode: MergeMode, message: String = "", author: GitIdentity,
        expectedTargetSHA: String? = nil, deleteSourceBranch: Bool = false
    ) {
        self.source = source
        self.target = target
        self.mode = mode
        self.message = message
        self.author = author
        self.expectedTargetSHA = expectedTargetSHA
        self.deleteSourceBranch = deleteSourceBranch
    }
}

/// Whether a merge can be done, computed without touching any ref.
public struct MergeCheck: Sendable, Hashable, Codable {
    public var sourceSHA: String
    public var targetSHA: String
    public var mergeBase: String?
    /// Everything in the source is already in the target.
    public var alreadyMerged: Bool
    /// The target is an ancestor of the source.
    public var canFastForward: Bool
    /// A merge commit/squash would apply cleanly.
    public var mergeable: Bool
    /// Paths with conflicts (empty when mergeable).
    public var conflictingFiles: [String]
    /// The tree a clean merge would produce.
    public var mergedTree: String?
}

/// What `merge` did.
public struct MergeResult: Sendable, Hashable {
    /// The target's new tip (the source tip for a fast-forward).
    public var sha: String
    /// Push events: the target update, then the source deletion if requested.
    public var events: [PushEvent]
}
