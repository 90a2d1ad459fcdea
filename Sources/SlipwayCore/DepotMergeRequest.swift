/// A merge request of a hosted depot: a proposal to merge `sourceBranch` into `targetBranch`.
///
/// `id` is global (store-assigned); `iid` numbers the requests of one depot 1, 2, 3… (the
/// "#number" clients show). Named `DepotMergeRequest` because `SlipwayGit.MergeRequest` is the
/// git operation, not the review object.
package struct DepotMergeRequest: Sendable, Equatable {
    /// Lifecycle state; whether an open request merges cleanly is computed from git, not stored.
    package enum State: String, Sendable, Codable {
        case open, merged, closed
    }

    package var id: Int64
    package var depotID: Int64
    package var iid: Int64
    package var projectKey: String
    package var title: String
    package var description: String
    package var sourceBranch: String
    package var targetBranch: String
    package var state: State
    package var authorUID: String
    /// Who merged or closed it, empty while open.
    package var actorUID: String
    /// Branch tips when the request was created, refreshed when it is merged or closed.
    package var sourceSHA: String
    package var targetSHA: String
    package var baseSHA: String
    package var mergeCommitSHA: String
    package var createdAt: EpochMillis
    package var updatedAt: EpochMillis
    /// When it was merged or closed, 0 while open.
    package var actionAt: EpochMillis

    package init(
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
package struct MergeRequestReviewer: Sendable, Equatable {
    package var userUID: String
    package var approved: Bool
    package var createdAt: EpochMillis

    package init(userUID: String, approved: Bool = false, createdAt: EpochMillis = .now()) {
        self.userUID = userUID
        self.approved = approved
        self.createdAt = createdAt
    }
}

/// A comment on a merge request: general (empty `path`) or on a diff line, optionally a reply.
package struct MergeRequestNote: Sendable, Equatable {
    package var id: Int64
    package var mergeRequestID: Int64
    /// 0 for a thread's first note.
    package var parentID: Int64
    package var authorUID: String
    package var content: String
    package var commitSHA: String
    package var path: String
    package var lineIndex: Int64
    package var createdAt: EpochMillis
    package var updatedAt: EpochMillis

    package init(
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
