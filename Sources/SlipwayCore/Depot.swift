/// A git repository hosted by Slipway inside a project (CODING calls it a "depot").
///
/// The numeric `id` is assigned by the store and never reused or changed; clients address
/// depots by it (`DepotId`) or by `team/project/name`.
package struct Depot: Sendable, Equatable {
    package var id: Int64
    /// The owning project's key.
    package var projectKey: String
    /// Unique within the project; also the last segment of the clone URL.
    package var name: String
    package var description: String
    package var createdBy: String
    package var createdAt: EpochMillis
    /// Time of the last accepted push or API write, 0 when nothing was ever pushed.
    package var lastPushAt: EpochMillis
    /// An archived depot is read-only: pushes and API writes are refused, reads and clones work.
    package var isArchived: Bool

    package init(
        id: Int64 = 0, projectKey: String, name: String, description: String = "", createdBy: String,
        createdAt: EpochMillis = .now(), lastPushAt: EpochMillis = 0, isArchived: Bool = false
    ) {
        self.id = id
        self.projectKey = projectKey
        self.name = name
        self.description = description
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastPushAt = lastPushAt
        self.isArchived = isArchived
    }

    /// Names are 1-64 of letters, digits, '.', '_', '-', not starting with '.' or '-' and not
    /// ending in `.git` or `.lock`: they become a directory and a URL segment.
    package static func validateName(_ name: String) throws(SlipwayError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ allowed.contains($0) }),
            name.first != ".", name.first != "-", !name.hasSuffix(".git"), !name.hasSuffix(".lock")
        else {
            throw .invalidInput("depot name must be 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'")
        }
    }
}
