import Foundation
import Logging
import SQLKit
import SQLiteKit

/// SQLite in WAL mode: one writer connection held exclusively per transaction, one reader connection.
package final class SQLiteStore: SQLStore {
    package let dialectName = "sqlite"
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncMutex()
    /// The database file.
    package let path: String

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection) {
        self.path = path
        self.writer = writer
        self.reader = reader
    }

    /// Open (creating if needed) the database file at `path`.
    package static func open(path: String, logger: Logger) async throws -> SQLiteStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try DataDirectory.secure(directory)
        }
        if !FileManager.default.fileExists(atPath: path) {
            // SQLite gives the -wal and -shm files the mode of the database file.
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        DataDirectory.secureDatabaseFiles(path)
        let writer: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        // secure_delete: deleted and replaced content is overwritten, not left in free space.
        for pragma in [
            "PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
            "PRAGMA secure_delete=ON",
        ] {
            try await writer.sql().raw(SQLQueryString(pragma)).run()
        }
        let reader: SQLiteConnection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON"] {
            try await reader.sql().raw(SQLQueryString(pragma)).run()
        }
        DataDirectory.secureDatabaseFiles(path)
        return SQLiteStore(path: path, writer: writer, reader: reader)
    }

    package func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await body(reader.sql(queryLogLevel: nil))
    }

    /// The rows are read and turned into plain values on sqlite-nio's thread, in one hop (its
    /// SQLKit path hands each row to the event loop and decodes each value generically).
    package func readPlain(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        let (sql, binds) = reader.sql(queryLogLevel: nil).serialize(query)
        let encoder = SQLiteDataEncoder()
        let values = try binds.map { try encoder.encode($0) }
        let collector = PlainRowCollector()
        try await reader.query(sql, values) { row in
            collector.append(
                PlainRow(
                    values: columns.map { column in
                        switch (column, row.column(column.name)) {
                        case (_, nil), (_, .null?): .null
                        case (.text, let data?): data.string.map(PlainRow.Value.text) ?? .null
                        case (.int, let data?): data.integer.map { .int(Int64($0)) } ?? .null
                        }
                    }))
        }
        return collector.collected
    }

    package func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = writer.sql(queryLogLevel: nil)
        return try await writeLock.withLock {
            try await self.inTransaction(db, begin: "BEGIN IMMEDIATE", body)
        }
    }

    package func writeStatement<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = writer.sql(queryLogLevel: nil)
        return try await writeLock.withLock { try await self.singleStatement(db, body) }
    }

    /// Rewrite the file and empty the write-ahead log, so no freed page or old page image keeps
    /// data that was replaced (after secrets were sealed in place). Runs outside any transaction.
    package func purgeReplacedData() async throws {
        let db = writer.sql(queryLogLevel: nil)
        try await writeLock.withLock {
            for statement in ["PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"] {
                try await db.raw(SQLQueryString(statement)).run()
            }
        }
    }

    package func close() async {
        try? await reader.close()
        try? await writer.close()
    }
}
