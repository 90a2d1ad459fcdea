import Foundation
import Logging
import SQLKit
import SlipwayStore
import Testing

/// The stores every CODING test runs on: SQLite always, PostgreSQL when
/// `SLIPWAY_TEST_POSTGRES_URL` is set.
enum CodingStoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SLIPWAY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var enabled: [CodingStoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

/// A fresh, migrated store for one test, dropped afterwards.
func withCodingStore<T: Sendable>(_ kind: CodingStoreKind, _ body: (Store) async throws -> T) async throws -> T {
    var logger = Logger(label: "coding-test-store")
    logger.logLevel = .warning
    switch kind {
    case .sqlite:
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coding-test-\(UUID().uuidString)")
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
        let base = try #require(CodingStoreKind.postgresURL)
        let name = "coding_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try PostgresStore.connect(url: base, logger: logger, maximumConnections: 1)
        try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: String(name))").run() }
        let store = try await StoreOpener.open(
            databaseURL: try PostgresURL.parse(base).url(database: String(name)), dataDirectory: "", logger: logger)
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
