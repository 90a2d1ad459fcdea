import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayStore

/// `slipway-bench --other-lists`: the lists besides tasks at scale (issue 12, points 2 and 5).
/// Fills a fresh store (`OtherListsFill`: a new SQLite file, or a new database on the
/// PostgreSQL server given, dropped at the end) with `--rows` merge requests in one depot,
/// operation-log entries and webhook deliveries each (default 100,000), then times in the store
/// page 1 and the last page of each list, `--samples` times (default 300), with each page's plan:
/// merge requests newest first (all states, and merged only), the operation log by project and
/// by environment, two substring searches (page 1: their total is capped at 10,000), and one
/// provider's deliveries. Issue 12's targets are printed beside: page 1 p99 ≤ 10 ms, any page
/// ≤ 15 ms.
///
///     slipway-bench --other-lists [--rows N] [--postgres URL] [--samples N]
///
/// SQLite is measured as the server leaves it (no `ANALYZE`, the write-ahead log checkpointed);
/// PostgreSQL after a `VACUUM (ANALYZE)`, as autovacuum would leave it after such a fill.
enum OtherListsBench {
    static let pageSize = 20, deliveryPageSize = 50
    static let firstPageTarget = 10.0, anyPageTarget = 15.0

    static func run(_ arguments: [String]) async throws {
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        var logger = Logger(label: "other-lists-bench")
        logger.logLevel = .error
        let rows = value("--rows").flatMap(Int.init) ?? 100_000
        let samples = value("--samples").flatMap(Int.init) ?? 300
        guard rows > 0, samples > 0 else { BenchOptions.fail("--rows and --samples need positive numbers") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-other-lists-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let postgres = value("--postgres")
        var databaseURL: String?, database: String?
        if let postgres {
            let name = "slipway_lists_" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
            try await BenchEnvironment.runOnServer(postgres, "CREATE DATABASE \(name)", logger: logger)
            databaseURL = try PostgresURL.parse(postgres).url(database: name)
            database = name
        }
        var failure: (any Error)?
        do {
            let store = try await OtherListsFill.openBeforeTheLists(databaseURL: databaseURL, dataDirectory: directory, logger: logger)
            do {
                try await fillAndMeasure(store, rows: rows, samples: samples, postgres: postgres != nil, logger: logger)
            } catch { failure = error }
            await store.close()
        } catch { failure = error }
        if let postgres, let database {
            try? await BenchEnvironment.runOnServer(postgres, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)", logger: logger)
        }
        if let failure { throw failure }
    }

    static func fillAndMeasure(_ store: Store, rows: Int, samples: Int, postgres: Bool, logger: Logger) async throws {
        let depot = try await OtherListsFill.prepare(store)
        let fill = try await OtherListsFill.fill(store, depot: depot, rows: rows, logger: logger)
        let bad = try await OtherListsFill.check(store).filter { $0.1 != 0 }
        guard bad.isEmpty else { throw BenchFailure("the fill's counters disagree with its rows: \(bad)") }
        if postgres {
            // What autovacuum leaves after such a fill: statistics, and the visibility map that
            // lets a page's ids come from an index alone (VACUUM runs outside a transaction).
            try await store.sql.read { db in try await db.raw("VACUUM (ANALYZE)").run() }
        } else {
            // Pages read from the database file, not from a fresh write-ahead log.
            try await store.sql.read { db in try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        }
        report("lists: store", postgres ? "postgresql (VACUUM (ANALYZE) after the fill)" : "sqlite (WAL, no ANALYZE, as the server runs it)")
        report("lists: rows filled", fill.map { "\(rows) \($0.0) in " + String(format: "%.1f s", $0.1) }.joined(separator: ", "))
        report("lists: fill check", "every counter matches its rows (the last row of each list written by the repository)")
        let timer = PageTimer(samples: samples)
        try await measureMergeRequests(store, depot: depot, timer)
        try await measureOperationLogs(store, timer)
        try await measureDeliveries(store, timer)
    }

    /// One depot's requests, newest first: all states (a range of the depot's numbers), and
    /// merged only (the page's ids read from the depot/state index).
    static func measureMergeRequests(_ store: Store, depot: Depot, _ timer: PageTimer) async throws {
        let all = MergeRequestFilter(depotIDs: [depot.id])
        var merged = all
        merged.states = [.merged]
        for (name, filter) in [("MRs all", all), ("MRs merged", merged)] {
            let total = try await store.mergeRequests.list(filter, page: 1, pageSize: 0).total
            report("lists: \(name), total", "\(total)")
            for page in [1, lastPage(total, pageSize)] {
                let label = "\(name), page \(page) of \(pageSize)"
                plan(label, try await store.mergeRequests.listPlan(filter, page: page, pageSize: pageSize))
                try await timer.time(label, firstPage: page == 1) {
                    _ = try await store.mergeRequests.list(filter, page: page, pageSize: pageSize)
                }
            }
        }
    }

    /// The operation log by project and by environment (a counted range, page 1 and last), and
    /// two substring searches, page 1: one a fifth of the entries match (the count stops at the
    /// cap), one none match (the count walks every entry).
    static func measureOperationLogs(_ store: Store, _ timer: PageTimer) async throws {
        let lists: [(String, OperationLogQuery)] = [
            ("op log project proj-1", OperationLogQuery(projectKey: "proj-1", perPage: pageSize)),
            ("op log env dev of proj-0", OperationLogQuery(projectKey: "proj-0", scene: "environment", target: "dev", perPage: pageSize)),
        ]
        for (name, query) in lists {
            let total = try await store.operationLogs.list(query).total
            report("lists: \(name), total", "\(total)")
            for page in [1, lastPage(total, pageSize)] {
                var paged = query
                paged.page = page
                try await measureLog("\(name), page \(page) of \(pageSize)", paged, store, timer)
            }
        }
        // The username contains `user-3` (a fifth of the entries); the detail contains `no such text` (none).
        let searches: [(String, OperationLogQuery)] = [
            ("op log search user-3", OperationLogQuery(username: "user-3", perPage: pageSize)),
            ("op log search none", OperationLogQuery(detail: "no such text", perPage: pageSize)),
        ]
        for (name, query) in searches {
            let total = try await store.operationLogs.list(query).total
            report("lists: \(name), total", "\(total) (capped at \(OperationLogRepository.substringCap))")
            try await measureLog("\(name), page 1 of \(pageSize)", query, store, timer)
        }
    }

    static func measureLog(_ label: String, _ query: OperationLogQuery, _ store: Store, _ timer: PageTimer) async throws {
        let plans = try await store.operationLogs.listPlans(query)
        plan(label, plans.map { $0.map(trimmed).joined(separator: " | ") }.joined(separator: " ; then "))
        try await timer.time(label, firstPage: query.page == 1) { _ = try await store.operationLogs.list(query) }
    }

    /// One provider's deliveries, page 1 and the last page of the route's default size.
    static func measureDeliveries(_ store: Store, _ timer: PageTimer) async throws {
        let total = try await store.deliveries.count(provider: "github")
        report("lists: deliveries github, total", "\(total)")
        for page in [1, lastPage(total, deliveryPageSize)] {
            let label = "deliveries github, page \(page) of \(deliveryPageSize)"
            let offset = (page - 1) * deliveryPageSize
            plan(label, try await store.deliveries.listPlan(provider: "github", limit: deliveryPageSize, offset: offset))
            try await timer.time(label, firstPage: page == 1) {
                _ = try await store.deliveries.list(provider: "github", limit: deliveryPageSize, offset: offset)
            }
        }
    }

    /// Times a list `samples` times and prints p50 / p99 with its target.
    struct PageTimer {
        let samples: Int

        func time(_ label: String, firstPage: Bool, _ body: () async throws -> Void) async throws {
            let times = try await ListBench.measure(samples, body)
            let target = firstPage ? OtherListsBench.firstPageTarget : OtherListsBench.anyPageTarget
            let verdict = percentile(times, 0.99) <= target ? "met" : "MISSED"
            report("lists: \(label), p50 / p99 (ms)", ListBench.summary(times) + "  target p99 ≤ \(Int(target)): \(verdict)")
        }
    }

    static func lastPage(_ total: Int, _ size: Int) -> Int { max(1, (total + size - 1) / size) }

    static func trimmed(_ line: String) -> String { line.trimmingCharacters(in: .whitespaces) }

    static func plan(_ label: String, _ lines: [String]) { plan(label, lines.map(trimmed).joined(separator: " | ")) }

    static func plan(_ label: String, _ text: String) { report("lists: plan, \(label)", text.isEmpty ? "(no page query)" : text) }

}
