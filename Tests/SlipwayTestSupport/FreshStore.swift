import Foundation
import Logging
import SQLKit
import SlipwayStore

/// The stores every store-backed test runs on: SQLite always, PostgreSQL when
/// `SLIPWAY_TEST_POSTGRES_URL` is set (CI sets it; `scripts/test` starts a server).
/// Shared by every test target.
public enum StoreKind: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SLIPWAY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var enabled: [StoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

public struct MissingPostgresURL: Error {}

/// A fresh, migrated, empty store for one test, removed afterwards (a temporary SQLite file,
/// or a new PostgreSQL database dropped at the end).
public func withFreshStore<T: Sendable>(_ kind: StoreKind, _ body: (Store) async throws -> T) async throws -> T {
    var logger = Logger(label: "test-store")
    logger.logLevel = .warning
    switch kind {
    case .sqlite:
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await StoreOpener.open(databaseURL: nil, dataDirectory: dir.path, logger: logger)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    case .postgres:
        guard let base = StoreKind.postgresURL else { throw MissingPostgresURL() }
        let name = "slw_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try PostgresStore.connect(url: base, logger: logger, maximumConnections: 1)
        try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
        let store = try await StoreOpener.open(
            databaseURL: try PostgresURL.parse(base).url(database: String(name)), dataDirectory: "", logger: logger,
            // Tests run concurrently, each on its own database: keep every pool small.
            maximumConnections: 6)
        func cleanUp() async {
            await store.close()
            try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: String(name)) WITH (FORCE)").run() }
            await admin.close()
        }
        do {
            let result = try await body(store)
            await cleanUp()
            return result
        } catch {
            await cleanUp()
            throw error
        }
    }
}
