import SlipwayCore

/// A person as git records them (author/committer/tagger).
package struct GitIdentity: Sendable, Hashable, Codable {
    package var name: String
    package var email: String

    package init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// Who pushed, as decided by the caller's authentication (SlipwayGit knows no users).
package struct Pusher: Sendable, Hashable, Codable {
    /// The caller's user id.
    package var id: String
    /// Display name (or login).
    package var name: String

    package init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// One ref update requested by a push, as seen before any ref is changed.
package struct RefUpdate: Sendable, Hashable, Codable {
    /// Full ref name, e.g. `refs/heads/main`.
    package var ref: String
    /// Previous SHA (`RefFormat.zeroSHA` when the ref is being created).
    package var oldSHA: String
    /// New SHA (`RefFormat.zeroSHA` when the ref is being deleted).
    package var newSHA: String
    /// The ref did not exist before.
    package var isCreate: Bool
    /// The ref is being removed.
    package var isDelete: Bool
    /// The old commit is not an ancestor of the new one (a non-fast-forward update).
    package var isForcePush: Bool

    package init(ref: String, oldSHA: String, newSHA: String, isCreate: Bool, isDelete: Bool, isForcePush: Bool) {
        self.ref = ref
        self.oldSHA = oldSHA
        self.newSHA = newSHA
        self.isCreate = isCreate
        self.isDelete = isDelete
        self.isForcePush = isForcePush
    }

    /// `main` for `refs/heads/main`, `v1` for `refs/tags/v1`, else the full ref.
    package var shortName: String { RefName(full: ref).shortName }
}

/// What a push policy decides for one ref update.
package enum PushVerdict: Sendable, Hashable {
    case allow
    /// Refuse the whole push; the message is shown to the git client as `remote: …`.
    case reject(String)
}

/// Caller-supplied decision on each ref update of a push, called before any ref changes.
/// Rejecting any update rejects the whole push (git's pre-receive semantics), leaving all refs as they were.
package typealias PushPolicy = @Sendable (RefUpdate) async -> PushVerdict

/// A commit introduced by a push, as listed in push events.
package struct PushCommit: Sendable, Hashable, Codable {
    package var sha: String
    package var message: String
    package var author: GitIdentity
    /// Author time, milliseconds since the epoch.
    package var timestamp: Int64

    package init(sha: String, message: String, author: GitIdentity, timestamp: Int64) {
        self.sha = sha
        self.message = message
        self.author = author
        self.timestamp = timestamp
    }
}

/// One ref changed by an accepted push (or by an API write such as create-commit or merge).
package struct PushEvent: Sendable, Hashable, Codable {
    /// The repository that changed.
    package var repository: String
    /// Full ref name.
    package var ref: String
    package var before: String
    package var after: String
    package var pusher: Pusher?
    /// Commits the update introduced, newest first, at most `PushEvent.commitLimit`.
    package var commits: [PushCommit]
    /// Number of commits introduced (may exceed `commits.count`).
    package var totalCommits: Int
    package var created: Bool
    package var deleted: Bool
    package var forced: Bool

    /// The most commits carried in one event (the count is always exact).
    package static let commitLimit = 100

    package init(
        repository: String, ref: String, before: String, after: String, pusher: Pusher?,
        commits: [PushCommit], totalCommits: Int, created: Bool, deleted: Bool, forced: Bool
    ) {
        self.repository = repository
        self.ref = ref
        self.before = before
        self.after = after
        self.pusher = pusher
        self.commits = commits
        self.totalCommits = totalCommits
        self.created = created
        self.deleted = deleted
        self.forced = forced
    }
}
