/// A branch and the commit it points at.
package struct GitBranch: Sendable, Hashable, Codable {
    /// Short name (`main`, `feature/x`).
    package var name: String
    package var sha: String
    /// Committer time of the tip commit, milliseconds since the epoch.
    package var commitTime: Int64
    /// Whether HEAD points at this branch.
    package var isDefault: Bool
}

/// A tag, lightweight or annotated.
package struct GitTag: Sendable, Hashable, Codable {
    /// Short name (`v1.0`).
    package var name: String
    /// The object the ref points at: the tag object when annotated, else the commit.
    package var sha: String
    /// The commit the tag finally points at (nil when it tags a tree or blob).
    package var targetSHA: String?
    package var isAnnotated: Bool
    /// Annotated tags only.
    package var message: String?
    /// Annotated tags only.
    package var tagger: GitSignature?
}
