import SQLKit
import SlipwayCore

/// The one thing that differs between SQLite and PostgreSQL: how a unit of work gets a connection.
/// Everything above it is one SQL code path over `any SQLDatabase`.
package protocol SQLStore: Sendable {
    /// `sqlite` or `postgresql`.
    var dialectName: String { get }
    /// Run read-only statements. They see every committed write.
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Run a unit of work in one transaction: all of it commits, or none of it does.
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Run one write statement on its own (it commits by itself: no BEGIN and COMMIT around it,
    /// which on PostgreSQL are two more round trips). `body` must issue a single statement.
    func writeStatement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Run one read query and return its rows as plain values of `columns`, in that order: the
    /// fast path of the hottest list reads, which skips SQLKit's generic row decoding.
    func readPlain(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow]
    /// `readPlain` for a query of fixed text (only its binds vary) that nearly every request
    /// runs: PostgreSQL prepares it once per connection instead of planning it at every call.
    func readPlainPrepared(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow]
    /// One write statement of recurring text (only its binds vary), on its own as
    /// `writeStatement` runs it, with its rows (`RETURNING`) as plain values of `columns`:
    /// PostgreSQL prepares a text it sees again once per connection.
    func writePlainPrepared(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow]
    /// Release connections. The store must not be used afterwards.
    func close() async
}

extension SQLStore {
    /// SQLite prepares every statement anyway (sqlite-nio keeps no statement cache).
    package func readPlainPrepared(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        try await readPlain(query, columns: columns)
    }

    /// SQLite: `writeStatement`, the rows decoded by SQLKit.
    package func writePlainPrepared(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        try await writePlainDecoding(query, columns: columns)
    }

    /// BEGIN/COMMIT around `body` on one connection, ROLLBACK when it throws. A write naming an
    /// owner row that is gone (its project or depot was deleted meanwhile) is `notFound`.
    func inTransaction<T: Sendable>(
        _ db: any SQLDatabase, begin: String = "BEGIN", _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await db.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw ownerGone(error)
        }
    }

    /// A statement that commits by itself, with the same error as `inTransaction` for a write
    /// naming an owner row that is gone.
    func singleStatement<T: Sendable>(_ db: any SQLDatabase, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do { return try await body(db) } catch { throw ownerGone(error) }
    }

    /// `notFound` for a foreign-key violation (the owner row went meanwhile); `error` otherwise.
    func ownerGone(_ error: any Error) -> any Error {
        isForeignKeyViolation(error) ? SlipwayError.notFound("the project, depot or other record this belongs to no longer exists") : error
    }
}
