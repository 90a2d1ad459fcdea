/// A comment on a commit of a depot, optionally anchored to one line of one file's diff.
public struct GitCommitComment: Sendable, Equatable {
    public var id: Int64
    public var depotID: Int64
    /// The full SHA of the commit.
    public var commitSHA: String
    /// The file commented on; "" for the commit as a whole.
    public var path: String
    /// The line of the file's diff, numbered as DescribeGitCommitDiff numbers its `Lines`.
    public var lineIndex: Int64
    public var content: String
    public var authorUID: String
    public var createdAt: EpochMillis

    public init(
        id: Int64 = 0, depotID: Int64, commitSHA: String, path: String, lineIndex: Int64, content: String,
        authorUID: String, createdAt: EpochMillis = .now()
    ) {
        self.id = id
        self.depotID = depotID
        self.commitSHA = commitSHA
        self.path = path
        self.lineIndex = lineIndex
        self.content = content
        self.authorUID = authorUID
        self.createdAt = createdAt
    }
}
