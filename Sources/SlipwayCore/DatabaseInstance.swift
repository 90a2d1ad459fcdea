/// A database registered for `sql` jobs: an SQLite file or a PostgreSQL server.
package struct DatabaseInstance: Sendable, Equatable {
    package var id: String
    package var name: String
    /// `sqlite` or `postgresql`.
    package var type: String
    /// SQLite: the file path. PostgreSQL: `postgres://user:password@host:port/db` (a secret: never returned).
    package var url: String
    package var updatedBy: String
    package var updatedAt: EpochMillis

    package init(id: String, name: String, type: String, url: String, updatedBy: String, updatedAt: EpochMillis = .now()) {
        self.id = id
        self.name = name
        self.type = type
        self.url = url
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }

    package static let types: Set<String> = ["sqlite", "postgresql"]
}
