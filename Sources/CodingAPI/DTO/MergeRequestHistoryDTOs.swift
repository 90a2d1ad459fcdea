/// One entry of DescribeMergeRequestLog's `Logs`.
struct MergeRequestLogDTO: Encodable, Sendable {
    var Id: Int64
    var Action: String
    /// The actor's name.
    var Name: String
    /// Not in CODING's table: the actor's global key and when it happened (ms).
    var GlobalKey: String
    var CreatedAt: Int64
}

struct MergeRequestLogOutput: ActionOutput {
    var Logs: [MergeRequestLogDTO]
}

/// DescribeMergeRequestFileDiff's `FileDiff`.
struct MergeRequestFileDiffDTO: Encodable, Sendable {
    var ChangeType: String
    var Deletions: Int
    var Insertions: Int
    var ObjectId: String
    var Path: String
    var DiffLines: [DiffLineDTO]
}

struct MergeRequestFileDiffOutput: ActionOutput {
    struct Body: Encodable, Sendable {
        var FileDiffs: [MergeRequestFileDiffDTO]
        var Deletions: Int
        var Insertions: Int
        var OldSha: String
        var NewSha: String
    }
    var MergeRequestFileDiff: Body
}

/// DescribeGitMergeRequestsBySha's `MergeRequestDetail`.
struct MergeRequestDetailDTO: Encodable, Sendable {
    var Id: Int64
    var MergeId: Int64
    var DepotId: Int64
    var Title: String
    var Content: String
    var ContentHtml: String
    var Author: CodingUserDTO
    var MergeStatus: String
    var CreateAt: Int64
    var UpdateAt: Int64
    var ActionAt: Int64
    var ActionAuthor: CodingUserDTO
    var SourceBranch: String
    var TargetBranch: String
    var SourceSha: String
    var TargetSha: String
    var MergedSha: String
}

struct MergeRequestDetailsOutput: ActionOutput {
    var Details: [MergeRequestDetailDTO]
}
