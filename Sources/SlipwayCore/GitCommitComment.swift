/// A comment on a commit of a depot, optionally anchored to one line of one file's diff.
package struct GitCommitComment: Sendable, Equatable {
    package var id: Int64
    package var depotID: Int64
    /// The full SHA of the commit.
    package var commitSHA: String
    /// The file commented on; "" for the commit as a whole.
    package var path: String
    /// The line of the file's diff, numbered as DescribeGitCommitDiff numbers its `Lines`.
    package var lineIndex: Int64
    package var content: String
    package var authorUID: String
    package var createdAt: EpochMillis

    package init(
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
