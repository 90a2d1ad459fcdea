/// A release of a depot, bound to a tag. `iid` numbers the releases of one depot 1, 2, 3….
public struct GitRelease: Sendable, Equatable {
    public var id: Int64
    public var depotID: Int64
    public var iid: Int64
    public var tagName: String
    public var commitSHA: String
    public var targetCommitish: String
    public var title: String
    public var body: String
    public var isPrerelease: Bool
    public var creatorUID: String
    public var createdAt: EpochMillis
    public var updatedAt: EpochMillis

    public init(
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
