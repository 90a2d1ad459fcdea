/// How `merge` combines a source into a target branch.
package enum MergeMode: String, Sendable, Hashable, Codable {
    /// Move the target to the source; refused unless the target is an ancestor of the source.
    case fastForwardOnly
    /// Always create a merge commit with two parents (`--no-ff`).
    case mergeCommit
    /// One commit on the target with the merged tree and a single parent.
    case squash
}

/// A merge of `source` into the branch `target`.
package struct MergeRequest: Sendable, Hashable {
    /// Any revision (usually a branch).
    package var source: String
    /// Branch to update.
    package var target: String
    package var mode: MergeMode
    /// Message of the merge or squash commit (unused for fast-forward).
    package var message: String
    package var author: GitIdentity
    /// If set, the target must still be at this commit (`conflict` otherwise).
    package var expectedTargetSHA: String?
    /// Delete the source branch afterwards (only when `source` names a branch).
    package var deleteSourceBranch: Bool

    package init(
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
package struct MergeCheck: Sendable, Hashable, Codable {
    package var sourceSHA: String
    package var targetSHA: String
    package var mergeBase: String?
    /// Everything in the source is already in the target.
    package var alreadyMerged: Bool
    /// The target is an ancestor of the source.
    package var canFastForward: Bool
    /// A merge commit/squash would apply cleanly.
    package var mergeable: Bool
    /// Paths with conflicts (empty when mergeable).
    package var conflictingFiles: [String]
    /// The tree a clean merge would produce.
    package var mergedTree: String?
}

/// What `merge` did.
package struct MergeResult: Sendable, Hashable {
    /// The target's new tip (the source tip for a fast-forward).
    package var sha: String
    /// Push events: the target update, then the source deletion if requested.
    package var events: [PushEvent]
}
