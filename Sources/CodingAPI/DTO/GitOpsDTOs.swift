import SlipwayGit

/// `CommitComment` (CreateGitCommitComment, DescribeGitCommitComments). Times are milliseconds.
struct CommitCommentDTO: Encodable, Sendable {
    var Id: Int64
    var DepotId: Int64
    var CommitSha: String
    var Path: String
    var Index: Int64
    var Content: String
    var CreatedAt: Int64
    var Author: CodingUserDTO
}

struct CommitCommentOutput: ActionOutput {
    var Comment: CommitCommentDTO
}

/// `GitCommitComments{CommitComments, Page{PageNumber,PageSize,TotalPage,TotalRow}}`.
struct CommitCommentsOutput: ActionOutput {
    struct PageInfo: Encodable, Sendable {
        var PageNumber: Int
        var PageSize: Int
        var TotalPage: Int
        var TotalRow: Int
    }
    struct Body: Encodable, Sendable {
        var CommitComments: [CommitCommentDTO]
        var Page: PageInfo
    }
    var GitCommitComments: Body
}

/// DescribeNotesByCommits: only commits that have a note are listed.
struct CommitNotesOutput: ActionOutput {
    struct Note: Encodable, Sendable {
        var CommitSha: String
        var NoteContent: String
    }
    var Notes: [Note]
}

/// The `GitCommit` CreateBinaryFiles returns.
struct BinaryFilesOutput: ActionOutput {
    var GitCommit: CommitDTO
}
