import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 12 point 2: migration 43 on a store that already holds 20,000 operation-log entries and
/// 20,000 webhook deliveries numbers them per project, status, environment and provider and
/// counts them; then the database's own plans for their pages. A list a counter answers is one
/// index range at page 1 and deep (no table scan, no sort); a substring search walks its spine's
/// index newest first and stops at its LIMIT (no sort of the matches).
@Suite struct ListPlanTests {
    static let rows = 20_000

    /// Entry n: user `u(n%7)`, project `p(n%3)`, status 400 when n%5 = 0 else 200, scene
    /// `environment`, targets `["dev"]` for even n, `["prod","dev"]` when n%6 = 3, else `["prod"]`.
    /// Delivery n: provider github, gitee, coding by n%3.
    static let legacy: [String] = [
        """
        WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < \(rows))
        INSERT INTO operation_logs (username, project_key, method, function, scene, targets, detail, request_body, body_type,
          status, created_at, seq)
        SELECT 'u' || (n % 7), 'p' || (n % 3), 'POST', 'f' || n, 'environment',
          CASE WHEN n % 2 = 0 THEN '["dev"]' WHEN n % 6 = 3 THEN '["prod","dev"]' ELSE '["prod"]' END,
          '', '{}', 'json', CASE WHEN n % 5 = 0 THEN 400 ELSE 200 END, n, n FROM s
        """,
        """
        WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < \(rows))
        INSERT INTO trigger_deliveries (delivery_id, provider, event, headers, body, signature_status, received_at, decision,
          task_ref, seq, body_bytes)
        SELECT 'd' || n, CASE n % 3 WHEN 0 THEN 'github' WHEN 1 THEN 'gitee' ELSE 'coding' END, 'push', '{}', '{}', 'valid',
          n, '', '', n, 2 FROM s
        """,
        "UPDATE row_counters SET n = \(rows) WHERE name IN ('operation_logs', 'trigger_deliveries')",
    ]

    /// A store at version 42 with the legacy rows, migrated to the latest version.
    static func withMigratedStore(_ kind: StoreKind, _ body: (Store) async throws -> Void) async throws {
        try await withEmptyDatabase(kind) { database in
            let logger = Logger(label: "migration-43")
            let sql = try await database.openSQL(logger: logger)
            let box = try SecretBox(base64: SecretBox.generateKey())
            do {
                try await Migrator.migrate(sql, logger: logger, secrets: box, upTo: 42)
                try await sql.write { db in
                    for statement in legacy { try await db.raw(SQLQueryString(statement)).run() }
                }
                try await Migrator.migrate(sql, logger: logger, secrets: box)
                try await sql.write { db in try await db.raw("ANALYZE").run() }
                try await body(Store(sql: sql, secrets: box))
            } catch {
                await sql.close()
                throw error
            }
            await sql.close()
        }
    }

    @Test(arguments: StoreKind.enabled)
    func existingRowsAreNumberedAndCounted(kind: StoreKind) async throws {
        try await Self.withMigratedStore(kind) { store in
            func list(_ query: OperationLogQuery) async throws -> ([String], Int) {
                let page = try await store.operationLogs.list(query)
                return (page.items.map(\.function), page.total)
            }
            let third = Self.rows / 3
            // p1: 19999, 19996, …; page 3 of 2 starts at the fifth newest.
            #expect(try await list(OperationLogQuery(projectKey: "p1", page: 3, perPage: 2)) == (["f19987", "f19984"], third + 1))
            #expect(try await list(OperationLogQuery(projectKey: "p1", page: third / 2 + 1, perPage: 2)) == (["f1"], third + 1))
            #expect(try await list(OperationLogQuery(status: 400, page: 2, perPage: 2)) == (["f19990", "f19985"], Self.rows / 5))
            // dev in p0: even multiples of 3 and odd ones ≡ 3 (mod 6), i.e. every multiple of 3.
            let dev = OperationLogQuery(projectKey: "p0", scene: "environment", target: "dev", page: 2, perPage: 3)
            #expect(try await list(dev) == (["f19989", "f19986", "f19983"], third))
            let prod = OperationLogQuery(projectKey: "p0", scene: "environment", target: "prod", page: 1, perPage: 2)
            #expect(try await list(prod) == (["f19995", "f19989"], Self.rows / 6))
            #expect(try await store.deliveries.count(provider: "gitee") == third + 1)
            #expect(try await store.deliveries.list(provider: "gitee", limit: 2, offset: 2).map(\.deliveryID) == ["d19993", "d19990"])
            #expect(try await store.deliveries.list(provider: "gitee", limit: 5, offset: third).map(\.deliveryID) == ["d1"])

            // New rows go on from the counters.
            try await store.operationLogs.record(
                OperationLog(
                    username: "v", projectKey: "p0", method: "POST", function: "fresh", scene: "environment", targets: ["dev"], detail: "",
                    requestBody: "{}", bodyType: "json", status: 400))
            var newest = dev
            newest.page = 1
            #expect(try await list(newest) == (["fresh", "f19998", "f19995"], third + 1))
            #expect(try await list(OperationLogQuery(status: 400, page: 1, perPage: 1)) == (["fresh"], Self.rows / 5 + 1))
            _ = try await store.deliveries.record(TriggerDelivery(deliveryID: "new", provider: "gitee", event: "push", headers: [:], body: ""))
            #expect(try await store.deliveries.list(provider: "gitee", limit: 2, offset: 0).map(\.deliveryID) == ["new", "d19999"])
        }
    }

    /// Lists a counter answers: one range of the spine's index, page 1 and deep.
    static let counted: [(String, OperationLogQuery, sqlite: [String], postgres: String)] = [
        (
            "project", OperationLogQuery(projectKey: "p1", page: 1, perPage: 20),
            ["SEARCH l USING INDEX operation_logs_project_seq (project_key=? AND project_seq<?)"], "using operation_logs_project_seq"
        ),
        (
            "project deep", OperationLogQuery(projectKey: "p1", page: 300, perPage: 20),
            ["SEARCH l USING INDEX operation_logs_project_seq (project_key=? AND project_seq<?)"], "using operation_logs_project_seq"
        ),
        (
            "status deep", OperationLogQuery(status: 400, page: 150, perPage: 20),
            ["SEARCH l USING INDEX operation_logs_status_seq (status=? AND status_seq<?)"], "using operation_logs_status_seq"
        ),
        (
            "environment deep", OperationLogQuery(projectKey: "p0", scene: "environment", target: "dev", page: 250, perPage: 20),
            [
                "SEARCH t USING PRIMARY KEY (project=? AND scene=? AND target=? AND seq<?)",
                "SEARCH l USING INTEGER PRIMARY KEY (rowid=?)",
            ], "Backward using operation_log_targets_pkey"
        ),
    ]

    @Test(arguments: StoreKind.enabled)
    func countedListsReadOneIndexRange(kind: StoreKind) async throws {
        try await Self.withMigratedStore(kind) { store in
            for (name, query, sqlite, postgres) in Self.counted {
                let plans = try await store.operationLogs.listPlans(query)
                #expect(plans.count == 1, "\(name): the page only, the total is a counter: \(plans)")
                let plan = plans.first ?? []
                if kind == .sqlite {
                    #expect(plan == sqlite, "\(name)")
                } else {
                    #expect(plan.contains { $0.contains(postgres) }, "\(name): \(plan)")
                    #expect(!plan.contains { $0.contains("Seq Scan") || $0.contains("Sort") }, "\(name): \(plan)")
                }
            }
            let deliveries = try await store.deliveries.listPlan(provider: "gitee", limit: 25, offset: 5_000)
            if kind == .sqlite {
                #expect(deliveries == ["SEARCH trigger_deliveries USING INDEX trigger_deliveries_provider_seq (provider=? AND provider_seq<?)"])
            } else {
                #expect(deliveries.contains { $0.contains("Index Scan Backward using trigger_deliveries_provider_seq") }, "\(deliveries)")
                #expect(!deliveries.contains { $0.contains("Seq Scan") || $0.contains("Sort") }, "\(deliveries)")
            }
        }
    }

    /// Substring searches: the count stops at the cap, the page walks the spine's index newest
    /// first; neither sorts.
    @Test(arguments: StoreKind.enabled)
    func substringSearchesWalkTheSpineWithoutSorting(kind: StoreKind) async throws {
        try await Self.withMigratedStore(kind) { store in
            let searches: [(OperationLogQuery, sqlite: String, postgres: String)] = [
                (OperationLogQuery(username: "u3", page: 2, perPage: 20), "SCAN l USING INDEX operation_logs_seq", "using operation_logs_seq"),
                (
                    OperationLogQuery(projectKey: "p1", username: "u3", page: 2, perPage: 20),
                    "SEARCH l USING INDEX operation_logs_project_seq (project_key=?)", "using operation_logs_project_seq"
                ),
                (
                    OperationLogQuery(projectKey: "p0", username: "u3", scene: "environment", target: "dev", page: 2, perPage: 20),
                    "SEARCH t USING PRIMARY KEY (project=? AND scene=? AND target=?)", "using operation_log_targets_pkey"
                ),
            ]
            for (query, sqlite, postgres) in searches {
                let plans = try await store.operationLogs.listPlans(query, cap: 1_000)
                #expect(plans.count == 2, "the capped count, then the page: \(plans)")
                let count = plans.first ?? [], page = plans.last ?? []
                #expect(!(count + page).contains { $0.contains("TEMP B-TREE") || $0.contains("Sort") }, "\(plans)")
                if kind == .sqlite {
                    #expect(page.first == sqlite, "\(page)")
                } else {
                    #expect(page.contains { $0.contains("Backward " + postgres) }, "\(page)")
                    #expect(count.contains { $0.hasPrefix("  ->  Limit") }, "the count stops at the cap: \(count)")
                }
            }
            let page = try await store.operationLogs.list(OperationLogQuery(username: "u3", page: 2, perPage: 2), cap: 1_000)
            #expect(page.total == 1_000 && page.items.map(\.function) == ["f19981", "f19974"])
        }
    }
}
