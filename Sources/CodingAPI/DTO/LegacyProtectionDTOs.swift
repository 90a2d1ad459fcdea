/// The legacy `ProtectedBranch` (DescribeProtectedBranch / DescribeProtectedBranchs).
struct ProtectedBranchDTO: Encodable, Sendable {
    /// The branch tip's commit time (ms), 0 when the branch does not exist (yet).
    var CommitDate: Int64
    var DenyForcePush: Bool
    var ForceSquash: Bool
    var Name: String
    var StatusCheck: Bool
}

/// The legacy `ProtectedBranchMember`.
struct ProtectedBranchMemberDTO: Encodable, Sendable {
    /// May push to the branch directly (the rule member's `AllowPush`).
    var HasPushAccess: Bool
    /// May merge into and otherwise update the branch: every member of the rule may.
    var HasUpdateAccess: Bool
    var Name: String
    var GlobalKey: String
}

struct ProtectedBranchOutput: ActionOutput {
    var ProtectedBranch: ProtectedBranchDTO
}

struct ProtectedBranchsOutput: ActionOutput {
    var ProtectedBranchs: [ProtectedBranchDTO]
}

struct ProtectedBranchMembersOutput: ActionOutput {
    var Members: [ProtectedBranchMemberDTO]
}
