/// Outputs of the object, ref and authorship actions (DescribeGitBlob, DescribeGitRef, …).

struct BlobOutput: ActionOutput {
    var Data: BlobDTO
}

struct BlobDTO: Encodable, Sendable {
    /// Bytes, an integer as both specs have it.
    var Size: Int
    var Encoding: String
    var Content: String
    var BlobSha: String
}

struct RawContentOutput: ActionOutput {
    var Content: String
}

struct GitRefOutput: ActionOutput {
    var GitRef: GitRefDTO
}

struct GitRefDTO: Encodable, Sendable {
    var DisplayName: String
    var Name: String
    var ShortMessage: String
    var FullMessage: String
    var RefObjectId: String
    var ObjectId: String
    var AnnotatedTag: Bool
}

struct ContributorsOutput: ActionOutput {
    var Contributors: [ContributorDTO]
}

struct ContributorDTO: Encodable, Sendable {
    var Commits: Int
    var Email: String
    var Name: String
}

struct TagNamesOutput: ActionOutput {
    var Tags: [String]
}
