struct BranchProtectionDTO: Encodable, Sendable {
    var BranchProtectionId: Int64
    var Rule: String
    var DenyForcePush: Bool
    var ForceSquash: Bool
    var RequiredGrantCount: Int
    var RequiredStatusCheck: Bool
    /// How many existing branches the rule covers.
    var MatcherCount: Int
    var SrcMustMergedTo: String = ""
    /// Rule options Slipway does not offer, reported as off.
    var RequiredCodeOwnerGrant: Bool = false
    var AutoAddReviewer: Bool = false
    var RequiredDiscussionResolved: Bool = false
}

struct BranchProtectionsOutput: ActionOutput {
    var BranchProtections: [BranchProtectionDTO]
}

struct BranchProtectionOutput: ActionOutput {
    var BranchProtection: BranchProtectionDTO
}

struct ProtectionMemberDTO: Encodable, Sendable {
    var Name: String
    var GlobalKey: String
    var AllowPush: Bool
}

struct ProtectionMembersOutput: ActionOutput {
    var Members: [ProtectionMemberDTO]
}

struct CommitStatusDTO: Encodable, Sendable {
    var DepotId: Int64
    var CommitSha: String
    var State: String
    var Context: String
    var TargetURL: String
    var Description: String
    var CreateDate: Int64
}

struct CommitStatusesOutput: ActionOutput {
    var StatusCheckResults: [CommitStatusDTO]
}

/// `SshKeyInfo`. `FingerPrint` is CODING's MD5 colon-hex; `FingerPrintSha256` (not in CODING's
/// table) is the `SHA256:…` form `ssh-keygen -l` prints.
struct SshKeyInfoDTO: Encodable, Sendable {
    var Id: Int64
    var OwnerId: Int64
    var Title: String
    var FingerPrint: String
    var FingerPrintSha256: String
    var CreatedAt: Int64
    var ExpirationDate: String
    var HasExpired: Bool
}

struct SshKeyOutput: ActionOutput {
    var SshKeyInfo: SshKeyInfoDTO
}

struct SshKeysOutput: ActionOutput {
    var SshKeyInfos: [SshKeyInfoDTO]
}

struct DeployKeyDTO: Encodable, Sendable {
    var KeyId: Int64
    var DepotId: Int64
    var OwnerName: String
    var Title: String
    var FingerPrint: String
    var FingerPrintSha256: String
    var CreatedAt: Int64
    var ExpirationDate: String
    var HasExpired: Bool
    var AllowWrite: Bool
}

struct DeployKeysOutput: ActionOutput {
    var Keys: [DeployKeyDTO]
}

struct ReleaseDTO: Encodable, Sendable {
    var Id: Int64
    var Iid: Int64
    /// The vendor's name for the per-depot number (`Iid`), which release actions accept.
    var ReleaseId: Int64
    var Html: String
    var Title: String
    var Body: String
    var DepotId: Int64
    var TagName: String
    var CommitSha: String
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var CreatorId: Int64
    var ProjectId: Int64
    var TargetCommitish: String
    /// The vendor's name for `TargetCommitish`.
    var TargetCommitBranch: String
    var Pre: Bool
}

struct ReleasePageOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var TotalCount: Int
        var Releases: [ReleaseDTO]
    }
    var ReleasePageList: Body
}

struct ReleaseOutput: ActionOutput {
    var Release: ReleaseDTO
}
