/// A database registered for `sql` jobs: an SQLite file or a PostgreSQL server.
public struct DatabaseInstance: Sendable, Equatable {
    public var id: String
    public var name: String
    /// `sqlite` or `postgresql`.
    public var type: String
    /// SQLite: the file path. PostgreSQL: `postgres://user:password@host:port/db` (a secret: never returned).
    public var url: String
    public var updatedBy: String
    public var updatedAt: EpochMillis

    public init(id: String, name: String, type: String, url: String, updatedBy: String, updatedAt: EpochMillis = .now()) {
        self.id = id
        self.name = name
        self.type = type
        self.url = url
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    public static let types: Set<String> = ["sqlite", "postgresql"]
}
