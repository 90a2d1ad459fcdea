/// A merge request of a hosted depot: a proposal to merge `sourceBranch` into `targetBranch`.
///
/// `id` is global (store-assigned); `iid` numbers the requests of one depot 1, 2, 3… (the
/// "#number" clients show). Named `DepotMergeRequest` because `SlipwayGit.MergeRequest` is the
/// git operation, not the review object.
public struct DepotMergeRequest: Sendable, Equatable {
    /// Lifecycle state; whether an open request merges cleanly is computed from git, not stored.
    public enum State: String, Sendable, Codable {
        case open, merged, closed
    }

    public var id: Int64
    public var depotID: Int64
    public var iid: Int64
    public var projectKey: String
    public var title: String
    public var description: String
    public var sourceBranch: String
    public var targetBranch: String
    public var state: State
    public var authorUID: String
    /// Who merged or closed it, empty while open.
    public var actorUID: String
    /// Branch tips when the request was created, refreshed when it is merged or closed.
    public var sourceSHA: String
    public var targetSHA: String
    public var baseSHA: String
    public var mergeCommitSHA: String
    public var createdAt: EpochMillis
    public var updatedAt: EpochMillis
    /// When it was merged or closed, 0 while open.
    public var actionAt: EpochMillis

    public init(
        id: Int64 = 0, depotID: Int64, iid: Int64 = 0, projectKey: String, title: String, description: String,
        sourceBranch: String, targetBranch: String, state: State = .open, authorUID: String, actorUID: String = "",
        sourceSHA: String = "", targetSHA: String = "", baseSHA: String = "", mergeCommitSHA: String = "",
        createdAt: EpochMillis = .now(), updatedAt: EpochMillis = .now(), actionAt: EpochMillis = 0
    ) {
        self.id = id
        self.depotID = depotID
        self.iid = iid
        self.projectKey = projectKey
        self.title = title
        self.description = description
        self.sourceBranch = sourceBranch
        self.targetBranch = targetBranch
        self.state = state
        self.authorUID = authorUID
        self.actorUID = actorUID
        self.sourceSHA = sourceSHA
        self.targetSHA = targetSHA
        self.baseSHA = baseSHA
        self.mergeCommitSHA = mergeCommitSHA
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.actionAt = actionAt
    }
}

/// A reviewer of a merge request and whether they approved it.
public struct MergeRequestReviewer: Sendable, Equatable {
    public var userUID: String
    public var approved: Bool
    public var createdAt: EpochMillis

    public init(userUID: String, approved: Bool = false, createdAt: EpochMillis = .now()) {
        self.userUID = userUID
        self.approved = approved
        self.createdAt = createdAt
    }
}

/// A comment on a merge request: general (empty `path`) or on a diff line, optionally a reply.
public struct MergeRequestNote: Sendable, Equatable {
    public var id: Int64
    public var mergeRequestID: Int64
    /// 0 for a thread's first note.
    public var parentID: Int64
    public var authorUID: String
    public var content: String
    public var commitSHA: String
    public var path: String
    public var lineIndex: Int64
    public var createdAt: EpochMillis
    public var updatedAt: EpochMillis

    public init(
        id: Int64 = 0, mergeRequestID: Int64, parentID: Int64 = 0, authorUID: String, content: String,
        commitSHA: String = "", path: String = "", lineIndex: Int64 = 0, createdAt: EpochMillis = .now()
    ) {
        self.id = id
        self.mergeRequestID = mergeRequestID
        self.parentID = parentID
        self.authorUID = authorUID
        self.content = content
        self.commitSHA = commitSHA
        self.path = path
        self.lineIndex = lineIndex
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
