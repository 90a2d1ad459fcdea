/// A branch of a depot made read-only (CODING's CreateReadOnlyRef): nobody may push to it,
/// commit on it through the API, merge into it, rebase or delete it until it is released again.
package struct ReadOnlyBranch: Sendable, Equatable {
    package var depotID: Int64
    /// Short branch name (`release/1.0`).
    package var branch: String
    package var creatorUID: String
    package var createdAt: EpochMillis

    package init(depotID: Int64, branch: String, creatorUID: String, createdAt: EpochMillis = .now()) {
        self.depotID = depotID
        self.branch = branch
        self.creatorUID = creatorUID
        self.createdAt = createdAt
    }
}
