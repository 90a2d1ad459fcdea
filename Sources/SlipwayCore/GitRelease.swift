/// A release of a depot, bound to a tag. `iid` numbers the releases of one depot 1, 2, 3….
package struct GitRelease: Sendable, Equatable {
    package var id: Int64
    package var depotID: Int64
    package var iid: Int64
    package var tagName: String
    package var commitSHA: String
    package var targetCommitish: String
    package var title: String
    package var body: String
    package var isPrerelease: Bool
    package var creatorUID: String
    package var createdAt: EpochMillis
    package var updatedAt: EpochMillis

    package init(
        id: Int64 = 0, depotID: Int64, iid: Int64 = 0, tagName: String, commitSHA: String, targetCommitish: String,
        title: String, body: String, isPrerelease: Bool, creatorUID: String, createdAt: EpochMillis = .now()
    ) {
        self.id = id
        self.depotID = depotID
        self.iid = iid
        self.tagName = tagName
        self.commitSHA = commitSHA
        self.targetCommitish = targetCommitish
        self.title = title
        self.body = body
        self.isPrerelease = isPrerelease
        self.creatorUID = creatorUID
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
