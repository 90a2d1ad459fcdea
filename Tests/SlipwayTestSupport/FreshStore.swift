import Foundation
import Logging
import SQLKit
import SlipwayStore

/// The stores every store-backed test runs on: SQLite always, PostgreSQL when
/// `SLIPWAY_TEST_POSTGRES_URL` is set (CI sets it; `scripts/test` starts a server).
/// Shared by every test target.
package enum StoreKind: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    package static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SLIPWAY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    package static var enabled: [StoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

package struct MissingPostgresURL: Error {}

/// Where an empty database for one test lives: a SQLite data directory, or a PostgreSQL URL.
package struct EmptyDatabase: Sendable {
    /// nil for SQLite (the file in `dataDirectory`), the database's URL for PostgreSQL.
    package let databaseURL: String?
    /// The data directory (empty for PostgreSQL, whose tests pass the secret key instead).
    package let dataDirectory: String
    /// The key a PostgreSQL test store is opened with (nil: `secret.key` in the data directory).
    package let secretKey: String?

    package init(databaseURL: String?, dataDirectory: String, secretKey: String?) {
        self.databaseURL = databaseURL
        self.dataDirectory = dataDirectory
        self.secretKey = secretKey
    }

    /// Open the store here and run every migration.
    package func open(logger: Logger, maximumConnections: Int = 6) async throws -> Store {
        try await StoreOpener.open(
            databaseURL: databaseURL, dataDirectory: dataDirectory, logger: logger,
            // Tests run concurrently, each on its own database: keep every pool small.
            maximumConnections: maximumConnections, secretKey: secretKey)
    }

    /// The bare SQL store, without migrations or a key (tests of migrations).
    package func openSQL(logger: Logger) async throws -> any SQLStore {
        if let databaseURL { return try PostgresStore.connect(url: databaseURL, logger: logger, maximumConnections: 2) }
        return try await SQLiteStore.open(path: dataDirectory + "/slipway.sqlite", logger: logger)
    }
}

/// An empty database for one test (a temporary directory, or a new PostgreSQL database), removed afterwards.
package func withEmptyDatabase<T: Sendable>(_ kind: StoreKind, _ body: (EmptyDatabase) async throws -> T) async throws -> T {
    var logger = Logger(label: "test-store")
    logger.logLevel = .warning
    switch kind {
    case .sqlite:
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await body(EmptyDatabase(databaseURL: nil, dataDirectory: dir.path, secretKey: nil))
    case .postgres:
        guard let base = StoreKind.postgresURL else { throw MissingPostgresURL() }
        let name = "slw_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try PostgresStore.connect(url: base, logger: logger, maximumConnections: 1)
        try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
        func cleanUp() async {
            try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
            await admin.close()
        }
        do {
            let result = try await body(
                EmptyDatabase(
                    databaseURL: try PostgresURL.parse(base).url(database: String(name)), dataDirectory: "",
                    secretKey: SecretBox.generateKey()))
            await cleanUp()
            return result
        } catch {
            await cleanUp()
            throw error
        }
    }
}

/// A fresh, migrated, empty store for one test, removed afterwards (a temporary SQLite file,
/// or a new PostgreSQL database dropped at the end).
package func withFreshStore<T: Sendable>(_ kind: StoreKind, _ body: (Store) async throws -> T) async throws -> T {
    try await withEmptyDatabase(kind) { database in
        var logger = Logger(label: "test-store")
        logger.logLevel = .warning
        return try await database.open(logger: logger).closing(after: body)
    }
}
