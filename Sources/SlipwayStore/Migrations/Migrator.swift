import Logging
import SQLKit
import SlipwayCore

/// One schema change. Migrations are numbered, append-only, and each runs in its own transaction.
struct Migration: Sendable {
    let version: Int
    let name: String
    let apply: @Sendable (any SQLDatabase, SecretBox) async throws -> Void

    /// A schema change that needs no key.
    init(version: Int, name: String, apply: @escaping @Sendable (any SQLDatabase) async throws -> Void) {
        self.version = version
        self.name = name
        self.apply = { db, _ in try await apply(db) }
    }

    /// A change that rewrites rows with the store's secret key.
    init(version: Int, name: String, sealing: @escaping @Sendable (any SQLDatabase, SecretBox) async throws -> Void) {
        self.version = version
        self.name = name
        self.apply = sealing
    }
}

/// Applies every migration newer than the recorded schema version, in order.
package enum Migrator {
    static let all: [Migration] = [
        Migration(version: 1, name: "identity, projects, roles, operation logs", apply: Migration001.apply),
        Migration(version: 2, name: "workflows, tasks, views", apply: Migration002.apply),
        Migration(version: 3, name: "depots", apply: Migration003.apply),
        Migration(version: 4, name: "approval tickets", apply: Migration004.apply),
        Migration(version: 5, name: "database instances", apply: Migration005.apply),
        Migration(version: 6, name: "merge requests, branch protection, keys, releases", apply: Migration006.apply),
        Migration(version: 7, name: "serverless devs applications, dispatches, webhook inbox", apply: Migration007.apply),
        Migration(version: 8, name: "oauth", apply: Migration008.apply),
        Migration(version: 9, name: "commit comments, protected tags, read-only branches", apply: Migration009.apply),
        Migration(version: 10, name: "depot archive, project dates, merge request log", apply: Migration010.apply),
        Migration(version: 11, name: "pipeline plugins", apply: Migration011.apply),
        Migration(version: 12, name: "secrets at rest, redacted operation logs", sealing: Migration012.apply),
        Migration(version: 13, name: "webhook refusal counts", apply: Migration013.apply),
        Migration(version: 14, name: "foreign keys: project and depot rows cascade", apply: Migration014.apply),
        Migration(version: 15, name: "lists at O(page): task summaries and counts, list counters and indexes", sealing: Migration015.apply),
        Migration(version: 16, name: "task stage and job state as rows", sealing: Migration016.apply),
        Migration(version: 17, name: "remote agents", apply: Migration017.apply),
        Migration(version: 18, name: "agent leases", apply: Migration018.apply),
        Migration(version: 19, name: "web sign-in: passwords and sessions", apply: Migration019.apply),
        Migration(version: 20, name: "what started a task", apply: Migration020.apply),
        Migration(version: 21, name: "CODING CI jobs and builds", apply: Migration021.apply),
        Migration(version: 22, name: "zadig builds, tests, scans and test case results", apply: Migration022.apply),
        Migration(version: 23, name: "CD targets, applications, tasks and pipelines", apply: Migration023.apply),
        Migration(version: 24, name: "zadig release plans", apply: Migration024.apply),
        Migration(version: 25, name: "issues, iterations and work logs", apply: Migration025.apply),
        Migration(version: 26, name: "CD pipeline executions and host instances", apply: Migration026.apply),
        Migration(version: 27, name: "wiki pages, versions, ZIP jobs and uploads", apply: Migration027.apply),
        Migration(version: 28, name: "test management: sections, cases, runs, results, defects, reports", apply: Migration028.apply),
        Migration(version: 29, name: "Agent install secret", apply: Migration029.apply),
        Migration(version: 30, name: "agile releases, programs and their work items, collaboration templates", apply: Migration030.apply),
        Migration(version: 31, name: "issue activity, fields, attachments and case links", apply: Migration031.apply),
        Migration(version: 32, name: "release plan timers", apply: Migration032.apply),
        Migration(version: 33, name: "team CI build templates", apply: Migration033.apply),
        Migration(version: 34, name: "issue labels and modules", apply: Migration034.apply),
        Migration(version: 35, name: "program members", apply: Migration035.apply),
        Migration(version: 36, name: "test attachments, test plans in iterations and releases", apply: Migration036.apply),
        Migration(version: 37, name: "team build templates", apply: Migration037.apply),
        Migration(version: 38, name: "zadig image registries", apply: Migration038.apply),
        Migration(version: 41, name: "agent machines' own SSH keys", apply: Migration041.apply),
        Migration(version: 42, name: "merge request lists at O(page)", apply: Migration042.apply),
        Migration(version: 43, name: "operation log and delivery lists at O(page)", apply: Migration043.apply),
    ]

    /// Bring the schema up to date (or up to `version`, for tests of a migration). Safe to call on every start.
    /// Refuses, before changing anything, a key other than the one the data was sealed with.
    package static func migrate(_ store: any SQLStore, logger: Logger, secrets: SecretBox, upTo version: Int? = nil) async throws {
        try await store.write { db in
            try await db.create(table: "schema_migrations").ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("applied_at", type: .bigint, .notNull)
                .run()
        }
        let applied = try await store.read { db in
            try await db.select().column("version").from("schema_migrations").all(decodingColumn: "version", as: Int.self)
        }
        if applied.contains(Migration012.version) { try await SecretKeyCheck.verify(store, secrets) }
        let pending = all.filter { !applied.contains($0.version) && $0.version <= (version ?? Int.max) }
        for migration in pending {
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            try await store.write { db in
                try await migration.apply(db, secrets)
                try await db.insert(into: "schema_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(EpochMillis.now()))
                    .run()
            }
        }
        // Sealing rewrote rows in place: the SQLite file and its log must not keep the plaintext pages.
        if pending.contains(where: { $0.version == Migration012.version }), let sqlite = store as? SQLiteStore {
            try await sqlite.purgeReplacedData()
        }
    }

    /// The newest version this binary knows.
    package static var latestVersion: Int { versions.max() ?? 0 }

    /// Every migration version this binary knows, in order.
    package static var versions: [Int] { all.map(\.version).sorted() }
}
