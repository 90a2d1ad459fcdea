import SlipwayCore

/// A person as git records them (author/committer/tagger).
public struct GitIdentity: Sendable, Hashable, Codable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// Who pushed, as decided by the caller's authentication (SlipwayGit knows no users).
public struct Pusher: Sendable, Hashable, Codable {
    /// The caller's user id.
    public var id: String
    /// Display name (or login).
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// One ref update requested by a push, as seen before any ref is changed.
public struct RefUpdate: Sendable, Hashable, Codable {
    /// Full ref name, e.g. `refs/heads/main`.
    public var ref: String
    /// Previous SHA (`RefFormat.zeroSHA` when the ref is being created).
    public var oldSHA: String
    /// New SHA (`RefFormat.zeroSHA` when the ref is being deleted).
    public var newSHA: String
    /// The ref did not exist before.
    public var isCreate: Bool
    /// The ref is being removed.
    public var isDelete: Bool
    /// The old commit is not an ancestor of the new one (a non-fast-forward update).
    public var isForcePush: Bool

    public init(ref: String, oldSHA: String, newSHA: String, isCreate: Bool, isDelete: Bool, isForcePush: Bool) {
        self.ref = ref
        self.oldSHA = oldSHA
        self.newSHA = newSHA
        self.isCreate = isCreate
        self.isDelete = isDelete
        self.isForcePush = isForcePush
    }

    /// `main` for `refs/heads/main`, `v1` for `refs/tags/v1`, else the full ref.
    public var shortName: String { RefName(full: ref).shortName }
}

/// What a push policy decides for one ref update.
public enum PushVerdict: Sendable, Hashable {
    case allow
    /// Refuse the whole push; the message is shown to the git client as `remote: …`.
    case reject(String)
}

/// Caller-supplied decision on each ref update of a push, called before any ref changes.
/// Rejecting any update rejects the whole push (git's pre-receive semantics), leaving all refs as they were.
public typealias PushPolicy = @Sendable (RefUpdate) async -> PushVerdict

/// A commit introduced by a push, as listed in push events.
public struct PushCommit: Sendable, Hashable, Codable {
    public var sha: String
    public var message: String
    public var author: GitIdentity
    /// Author time, milliseconds since the epoch.
    public var timestamp: Int64

    public init(sha: String, message: String, author: GitIdentity, timestamp: Int64) {
        self.sha = sha
        self.message = message
        self.author = author
        self.timestamp = timestamp
    }
}

/// One ref changed by an accepted push (or by an API write such as create-commit or merge).
public struct PushEvent: Sendable, Hashable, Codable {
    /// The repository that changed.
    public var repository: String
    /// Full ref name.
    public var ref: String
    public var before: String
    public var after: String
    public var pusher: Pusher?
    /// Commits the update introduced, newest first, at most `PushEvent.commitLimit`.
    public var commits: [PushCommit]
    /// Number of commits introduced (may exceed `commits.count`).
    public var totalCommits: Int
    public var created: Bool
    public var deleted: Bool
    public var forced: Bool

    /// The most commits carried in one event (the count is always exact).
    public static let commitLimit = 100

    public init(
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
