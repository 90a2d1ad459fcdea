/// A branch-protection rule of a depot: which branches it covers (a name or a glob such as
/// `release/*`), and what it demands of pushes and merges into them.
package struct BranchProtection: Sendable, Equatable {
    package var id: Int64
    package var depotID: Int64
    /// A branch name or a glob (`*` matches within one path segment, `**` across segments).
    package var rule: String
    package var denyForcePush: Bool
    /// Merge requests into the branch are always squashed.
    package var forceSquash: Bool
    /// Approvals (reviewers who granted) a merge request needs before it can be merged.
    package var requiredGrantCount: Int
    /// The source tip of a merge request needs successful commit statuses, none failing or pending.
    package var requiredStatusCheck: Bool
    package var createdAt: EpochMillis
    /// Users who administer the branch; only those with `allowPush` may push to it directly.
    package var members: [Member]

    package struct Member: Sendable, Equatable {
        package var userUID: String
        package var allowPush: Bool
        package init(userUID: String, allowPush: Bool) {
            self.userUID = userUID
            self.allowPush = allowPush
        }
    }

    package init(
        id: Int64 = 0, depotID: Int64, rule: String, denyForcePush: Bool = true, forceSquash: Bool = false,
        requiredGrantCount: Int = 0, requiredStatusCheck: Bool = false, createdAt: EpochMillis = .now(),
        members: [Member] = []
    ) {
        self.id = id
        self.depotID = depotID
        self.rule = rule
        self.denyForcePush = denyForcePush
        self.forceSquash = forceSquash
        self.requiredGrantCount = requiredGrantCount
        self.requiredStatusCheck = requiredStatusCheck
        self.createdAt = createdAt
        self.members = members
    }

    /// Rules are non-empty, without whitespace or control characters, at most 255 characters.
    package static func validateRule(_ rule: String) throws(SlipwayError) {
        guard isValidPattern(rule) else { throw .invalidInput("the branch rule must be a branch name or glob without spaces") }
    }

    /// The shape every ref rule (branch or tag) shares.
    static func isValidPattern(_ rule: String) -> Bool {
        !rule.isEmpty && rule.count <= 255
            && !rule.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f })
    }

    /// Whether the rule covers `branch` (a short branch name).
    package func matches(_ branch: String) -> Bool {
        Self.glob(Array(rule), Array(branch))
    }

    /// `*` = any run of characters except `/`, `**` = any run, `?` = one character except `/`.
    static func glob(_ p: [Character], _ s: [Character]) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "*" {
            let doubled = p.count > 1 && p[1] == "*"
            let rest = Array(p.dropFirst(doubled ? 2 : 1))
            var i = 0
            while true {
                if glob(rest, Array(s[i...])) { return true }
                guard i < s.count, doubled || s[i] != "/" else { return false }
                i += 1
            }
        }
        guard let c = s.first else { return false }
        if first == "?" ? c != "/" : first == c { return glob(Array(p.dropFirst()), Array(s.dropFirst())) }
        return false
    }

    /// The rule for a branch: an exact name wins over globs, then the oldest glob.
    package static func effective(for branch: String, in rules: [BranchProtection]) -> BranchProtection? {
        rules.first { $0.rule == branch } ?? rules.sorted { $0.id < $1.id }.first { $0.matches(branch) }
    }
}

/// A CI status reported on a commit, one per (commit, context).
package struct CommitStatus: Sendable, Equatable {
    package enum State: String, Sendable, Codable {
        case pending, success, failure, error
    }

    package var depotID: Int64
    package var sha: String
    package var context: String
    package var state: State
    package var targetURL: String
    package var description: String
    package var creatorUID: String
    package var updatedAt: EpochMillis

    package init(
        depotID: Int64, sha: String, context: String, state: State, targetURL: String = "", description: String = "",
        creatorUID: String, updatedAt: EpochMillis = .now()
    ) {
        self.depotID = depotID
        self.sha = sha
        self.context = context
        self.state = state
        self.targetURL = targetURL
        self.description = description
        self.creatorUID = creatorUID
        self.updatedAt = updatedAt
    }
}
