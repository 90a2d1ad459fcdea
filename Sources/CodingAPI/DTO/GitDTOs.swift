import SlipwayCore
import SlipwayGit

struct PersonDTO: Encodable, Sendable {
    var Email: String
    var Name: String
}

/// A commit, in the one shape every action returns (commit reads and lists, API commits, tags'
/// and branches' commits, merge bases): the union of the vendor's commit objects, so each
/// action's schema finds its fields. Times are milliseconds; `CreatedAt` is the author time.
struct CommitDTO: Encodable, Sendable {
    var ShortMessage: String
    var FullMessage: String
    var Sha: String
    var CommitDate: Int64
    var CreatedAt: Int64
    var AuthorName: String
    var AuthorEmail: String
    var CommitterName: String
    var CommitterEmail: String
    var Author: PersonDTO
    var Committer: PersonDTO
    /// CODING's older spelling of `Committer`, still in its documented examples.
    var Commiter: PersonDTO
    var AuthorDate: Int64
    var Parents: [String]

    init(_ c: GitCommit) {
        ShortMessage = c.subject
        FullMessage = c.message
        Sha = c.sha
        CommitDate = c.committer.time
        CreatedAt = c.author.time
        AuthorName = c.author.name
        AuthorEmail = c.author.email
        CommitterName = c.committer.name
        CommitterEmail = c.committer.email
        Author = PersonDTO(Email: c.author.email, Name: c.author.name)
        Committer = PersonDTO(Email: c.committer.email, Name: c.committer.name)
        Commiter = Committer
        AuthorDate = c.author.time
        Parents = c.parents
    }
}

struct BranchDTO: Encodable, Sendable {
    var BranchName: String
    var IsDefaultBranch: Bool
    var IsProtected: Bool = false
    var Sha: String
    var IsReadOnly: Bool = false
    var DenyForcePush: Bool = false
    var ForceSquash: Bool = false
    var SpecBranchType: String = ""
    var LastCommitDate: Int64
    /// The branch's head commit (DescribeGitBranch; lists leave it out).
    var LastCommit: CommitDTO?
    /// The branch's description in CODING (DescribeGitBranch); Slipway keeps none, so it is empty.
    var Content: String?

    /// `protection` is the rule covering the branch, if any; every branch of an archived depot is read-only.
    init(_ b: GitBranch, protection: BranchProtection? = nil, readOnly: Bool = false) {
        BranchName = b.name
        IsDefaultBranch = b.isDefault
        Sha = b.sha
        LastCommitDate = b.commitTime
        IsProtected = protection != nil
        DenyForcePush = protection?.denyForcePush ?? false
        ForceSquash = protection?.forceSquash ?? false
        IsReadOnly = readOnly
    }
}

struct TagDTO: Encodable, Sendable {
    var TagName: String
    var Message: String
    /// The commit the tag points at (absent only for a tag of a tree or blob).
    var Commit: CommitDTO?
}

struct BranchesOutput: ActionOutput {
    var TotalCount: Int
    var Branches: [BranchDTO]
}

struct BranchOutput: ActionOutput {
    var GitBranch: BranchDTO
}

struct TagsOutput: ActionOutput {
    var GitTags: [TagDTO]
}

struct TagOutput: ActionOutput {
    var GitTag: TagDTO
}

struct CommitsOutput: ActionOutput {
    var Commits: [CommitDTO]
}

/// DescribeGitCommitsInPage: `Data{Commits, Page}`.
struct CommitPageOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var Commits: [CommitDTO]
        var Page: PageInfoDTO
    }
    var Data: Body
}

struct CommitOutput: ActionOutput {
    var GitCommit: CommitDTO
}

struct CommitsBetweenOutput: ActionOutput {
    struct FileChange: Encodable, Sendable {
        var Path: String
        var Deletions: Int
        var Insertions: Int
        var Name: String
        /// `ADD`, `MODIFY`, `DELETE` or `REPLACE` (a rename), as merge request diffs say.
        var ChangeType: String
    }
    struct Info: Encodable, Sendable {
        var Commits: [CommitDTO]
        var DifferentOfCommits: [FileChange]
        var Deletions: Int
        var Insertions: Int
        var UpdateFileNum: Int
    }
    var DifferentOfCommitInfo: Info
}

struct DiffLineDTO: Encodable, Sendable {
    var Index: Int
    var LeftNo: Int
    var Prefix: String
    var RightNo: Int
    var Text: String
}

struct FileDiffOutput: ActionOutput {
    struct Info: Encodable, Sendable {
        var DifferentLines: [DiffLineDTO]
        var Deletions: Int
        var Insertions: Int
    }
    var DiffFileInfo: Info
}

struct TreeItemDTO: Encodable, Sendable {
    /// `tree` for folders, `file` for everything else.
    var Mode: String
    var Path: String
    var Name: String
    var Sha: String
}

struct FilesOutput: ActionOutput {
    var Items: [TreeItemDTO]
}

struct GitFileDTO: Encodable, Sendable {
    var FileName: String
    var FilePath: String
    var Size: Int64
    var Encoding: String = "base64"
    var Content: String
    var ContentSha256: String
    /// The commit the file was read at.
    var Sha: String
    /// Not in CODING's table: the blob id.
    var BlobSha: String
}

struct FileOutput: ActionOutput {
    var GitFile: GitFileDTO
}

struct FileContentOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var Content: String
        var IsText: Bool
        var IsLfs: Bool
        /// The vendor's required name for `IsLfs`.
        var IsLargeFileStorage: Bool
    }
    var GitFileContent: Body
}

struct BlameOutput: ActionOutput {
    struct Committer: Encodable, Sendable {
        var Id: Int64 = 0
        var TeamId: Int64 = CodingTeam.id
        var Name: String
        var Email: String
        var GlobalKey: String = ""
        /// A string in both specs (`ACTIVE`), like every other user object's `Status`.
        var Status: String = "ACTIVE"
        var Avatar: String = ""
    }
    struct Line: Encodable, Sendable {
        var CommitSha: String
        var Committer: Committer
        var CommitDate: Int64
        var LineNumber: Int
        /// Not in CODING's table: the line's text and the commit subject.
        var Text: String
        var ShortMessage: String
    }
    var Info: [Line]
}

struct CodeSearchOutput: ActionOutput {
    struct GrepLine: Encodable, Sendable {
        var BranchName: String
        var CommitId: String
        var Contents: [String]
        var FileMaxLine: Int
        var LineNum: Int
        var MaxNum: Int
        var MinNum: Int
        var Path: String
        var Text: String
    }
    struct PageInfo: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalRow: Int
    }
    struct DataBody: Encodable, Sendable {
        var GrepLines: [GrepLine]
        var Page: PageInfo
    }
    var Data: DataBody
}

struct GitDiffDTO: Encodable, Sendable {
    var Path: String
    /// The raw unified diff of the file.
    var Content: String
    var Lines: [DiffLineDTO]
    var NewMode: String
    var OldMode: String
    /// `add`, `modify`, `delete`, `rename`, `copy`, `type_change`.
    var ChangeType: String
    var Insertions: Int
    var Deletions: Int
    /// Not in CODING's table: the previous path of a rename or copy.
    var OldPath: String
}

struct CommitDiffOutput: ActionOutput {
    var Diffs: [GitDiffDTO]
}

/// DescribeGitMergeBase's `Commit` (the example's `Committer` spelling).
struct MergeBaseOutput: ActionOutput {
    var Commit: CommitDTO
}

struct FileStatOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var IsExist: Bool
    }
    var Payload: Body
}

struct CommitNoteOutput: ActionOutput {
    var CommitNote: String
}

struct GitTreeDTO: Encodable, Sendable {
    var Mode: String
    /// `tree` or `blob` (`commit` for submodules).
    var `Type`: String
    var Sha: String
    var Path: String
}

struct TreesOutput: ActionOutput {
    var Trees: [GitTreeDTO]
}

struct BranchRefsOutput: ActionOutput {
    struct Ref: Encodable, Sendable {
        var Ref: String
    }
    var Refs: [Ref]
}

/// `Refs` (DescribeGitRefsBySha) or `CommitRefs` (DescribeCommitRefs): `[{Type, Name}]`.
struct RefsBySha: ActionOutput {
    enum Key: String, CodingKey { case Refs, CommitRefs }
    struct Ref: Encodable, Sendable {
        var `Type`: String
        var Name: String
    }
    var key: Key
    var refs: [Ref]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(refs, forKey: key)
    }
}
