/// The git module's `User` (MR authors, reviewers, protection members).
struct CodingUserDTO: Encodable, Sendable {
    var Id: Int64
    var TeamId: Int64 = 0
    var Name: String
    var Email: String
    var GlobalKey: String
    var Status: String
    var Avatar: String = ""

    /// The placeholder CODING sends for "nobody" (e.g. `ActionAuthor` of an open request).
    static let nobody = CodingUserDTO(Id: 0, Name: "", Email: "", GlobalKey: "", Status: "UNKNOWN")
}

/// `MergeRequestInfo` (DescribeMergeRequest, ModifyMergeMR, CreateGitMergeReq's `MergeInfo`).
struct MergeRequestInfoDTO: Encodable, Sendable {
    var Describe: String
    var Status: String
    var Title: String
    var TargetBranch: String
    var SourceBranch: String
    var ActionAt: Int64
    var ActionAuthor: CodingUserDTO
    var Author: CodingUserDTO
    var CommentCount: Int
    var CreatedAt: Int64
    var Granted: Int
    var Id: Int64
    var MergeId: Int64
    var Labels: [String]
    var Path: String
    var Reviewers: [CodingUserDTO]
    var UpdatedAt: Int64
    var TargetBranchProtected: Bool
    var Reminded: Bool
    var DepotId: Int64
    var ProjectId: Int64
    var BaseSha: String
    var MergeCommitSha: String
    var SourceBranchSha: String
    var TargetBranchSha: String
    var StickingPoint: String
    var Conflicts: [String]
}

/// A list row: MergeRequestInfo plus the legacy `SrcBranch`/`DesBranch` and `UpdateAt` names.
struct MergeRequestDataDTO: Encodable, Sendable {
    var info: MergeRequestInfoDTO

    private enum Extra: String, CodingKey { case SrcBranch, DesBranch, UpdateAt }

    func encode(to encoder: any Encoder) throws {
        try info.encode(to: encoder)
        var c = encoder.container(keyedBy: Extra.self)
        try c.encode(info.SourceBranch, forKey: .SrcBranch)
        try c.encode(info.TargetBranch, forKey: .DesBranch)
        try c.encode(info.UpdatedAt, forKey: .UpdateAt)
    }
}

struct MergeRequestInfoOutput: ActionOutput {
    var MergeRequestInfo: MergeRequestInfoDTO
}

struct MergeInfoOutput: ActionOutput {
    struct Info: Encodable, Sendable {
        var ProjectId: Int64
        var DepotId: Int64
        var MergeRequestId: Int64
        var MergeRequestUrl: String
        var MergeRequestInfo: MergeRequestInfoDTO
    }
    var MergeInfo: Info
}

/// Paging style C: `Data{List,PageNumber,PageSize,TotalPage,TotalRow}`.
struct MergeRequestListOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var List: [MergeRequestDataDTO]
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalRow: Int
    }
    var Data: Body
}

struct ReviewersOutput: ActionOutput {
    var Reviewers: [CodingUserDTO]
}

struct ParticipantsOutput: ActionOutput {
    var Participants: [CodingUserDTO]
}

struct CanMergeOutput: ActionOutput {
    var MergeStatus: String
}

struct MergeRequestCommitsOutput: ActionOutput {
    var Commits: [CommitDTO]
}

struct MergeRequestDiffOutput: ActionOutput {
    struct PathDTO: Encodable, Sendable {
        var Path: String
        var BlobSha: String
        var Size: Int64
        var ChangeType: String
        var Deletions: Int
        var Insertions: Int
    }
    struct Body: Encodable, Sendable {
        var IsLarge: Bool
        var Insertions: Int
        var Deletions: Int
        var OldSha: String
        var NewSha: String
        var Paths: [PathDTO]
    }
    var Diff: Body
}

struct MergeRequestDiffDetailOutput: ActionOutput {
    var Detail: GitDiffDTO
}

struct MergeRequestNoteDTO: Encodable, Sendable {
    var Id: Int64
    var Content: String
    var Author: CodingUserDTO
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var MergeId: Int64
    var ParentId: Int64
    var CommitSha: String
    var Index: Int64
    var Path: String
}

struct NoteOutput: ActionOutput {
    var Note: MergeRequestNoteDTO
}

/// `Notes[{Note:[…]}]`: one entry per thread, the first note then its replies.
struct NotesOutput: ActionOutput {
    struct Thread: Encodable, Sendable {
        var Note: [MergeRequestNoteDTO]
    }
    var Notes: [Thread]
}
