/// A branch and the commit it points at.
public struct GitBranch: Sendable, Hashable, Codable {
    /// Short name (`main`, `feature/x`).
    public var name: String
    public var sha: String
    /// Committer time of the tip commit, milliseconds since the epoch.
    public var commitTime: Int64
    /// Whether HEAD points at this branch.
    public var isDefault: Bool
}

/// A tag, lightweight or annotated.
public struct GitTag: Sendable, Hashable, Codable {
    /// Short name (`v1.0`).
    public var name: String
    /// The object the ref points at: the tag object when annotated, else the commit.
    public var sha: String
    /// The commit the tag finally points at (nil when it tags a tree or blob).
    public var targetSHA: String?
    public var isAnnotated: Bool
    /// Annotated tags only.
    public var message: String?
    /// Annotated tags only.
    public var tagger: GitSignature?
}
