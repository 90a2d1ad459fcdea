import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayStore

/// Fills a fresh store for `slipway-bench --other-lists`: `rows` merge requests in one depot,
/// `rows` operation-log entries and `rows` webhook deliveries. The store is made at schema 41,
/// before the lists' migrations; all but the last of each go in bulk (1,000 rows a statement,
/// 10,000 a transaction) with the numbers the write paths gave then (`iid`, `seq`), and the
/// migrations 42 and 43 then number and count them as they do an upgraded server's rows. The
/// last row of each goes through the repository's own write path (`create` then `update` to its
/// state, `record`), which continues from those counters, and `check` compares every counter
/// with the rows before anything is timed.
enum OtherListsFill {
    /// The schema the bulk rows go into: the last before the lists' counters.
    static let filledAtVersion = 41

    /// A fresh store at `filledAtVersion` (as `StoreOpener.open`, stopping there).
    static func openBeforeTheLists(databaseURL: String?, dataDirectory: String, logger: Logger) async throws -> Store {
        let secrets = try SecretKeySource.load(dataDirectory: dataDirectory, override: nil)
        let sql: any SQLStore =
            if let databaseURL {
                try PostgresStore.connect(url: databaseURL, logger: logger)
            } else {
                try await SQLiteStore.open(path: dataDirectory + "/slipway.sqlite", logger: logger)
            }
        try await Migrator.migrate(sql, logger: logger, secrets: secrets, upTo: filledAtVersion)
        return Store(sql: sql, secrets: secrets)
    }

    static let depotName = "bench-lists"
    static let base: EpochMillis = 1_700_000_000_000
    static let perStatement = 1_000, perTransaction = 10_000

    /// The bench user, project and depot; the depot is returned.
    static func prepare(_ store: Store) async throws -> Depot {
        try await store.users.create(User(uid: "bench", account: "bench", name: "Bench", isAdmin: true))
        try await store.projects.create(Project(key: "bench", name: "Bench", createdBy: "bench"), creatorUID: "bench")
        return try await store.depots.create(Depot(projectKey: "bench", name: depotName, createdBy: "bench"))
    }

    // MARK: The rows

    /// Request n: 8 in 10 merged, 1 closed, 1 open.
    static func mergeRequest(_ n: Int, depot: Depot) -> DepotMergeRequest {
        let state: DepotMergeRequest.State = n % 10 < 8 ? .merged : n % 10 == 8 ? .closed : .open
        let created = base + Int64(n) * 60_000
        let done = state == .open ? 0 : created + 3_600_000
        return DepotMergeRequest(
            depotID: depot.id, iid: Int64(n), projectKey: depot.projectKey, title: "Change \(n)", description: "Merge request \(n) of the bench.",
            sourceBranch: "feature/\(n)", targetBranch: "main", state: state, authorUID: "bench", actorUID: state == .open ? "" : "bench",
            sourceSHA: sha(n, 1), targetSHA: sha(n, 2), baseSHA: sha(n, 3), mergeCommitSHA: state == .merged ? sha(n, 4) : "",
            createdAt: created, updatedAt: max(created, done), actionAt: done)
    }

    /// Entry n: user `user-(n%5)`, project `proj-(n%4)`, status 400 for one in 10 else 200; even
    /// entries act on one environment (dev, staging, prod in turn), odd ones run a workflow.
    static func operationLog(_ n: Int) -> OperationLog {
        let environment = n % 2 == 0
        let target = environment ? ["dev", "staging", "prod"][(n / 2) % 3] : "build-\(n % 10)"
        return OperationLog(
            username: "user-\(n % 5)", projectKey: "proj-\(n % 4)", method: environment ? "PUT" : "POST",
            function: environment ? "Update environment" : "Run workflow", scene: environment ? "environment" : "workflow",
            targets: [target], detail: "\(environment ? "environment" : "workflow") \(target)", requestBody: "{\"n\":\(n)}",
            bodyType: "json", status: n % 10 == 0 ? 400 : 200, createdAt: base + Int64(n) * 1_000)
    }

    /// Delivery n: github for even n, gitee for odd.
    static func delivery(_ n: Int) -> TriggerDelivery {
        TriggerDelivery(
            deliveryID: "bench-\(n)", provider: n % 2 == 0 ? "github" : "gitee", event: "push", headers: ["X-Event": "push"],
            body: "{\"ref\":\"refs/heads/main\",\"n\":\(n)}", signatureStatus: "valid", receivedAt: base + Int64(n) * 1_000, decision: "ignored")
    }

    static func sha(_ n: Int, _ k: Int) -> String {
        let hex = String(n * 8 + k, radix: 16)
        return String(repeating: "0", count: max(0, 40 - hex.count)) + hex
    }

    static func json<T: Encodable>(_ value: T) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    // MARK: Filling

    /// Every table in bulk, the lists' migrations over them, then a row of each through the
    /// write paths; returns the seconds each step took.
    static func fill(_ store: Store, depot: Depot, rows: Int, logger: Logger) async throws -> [(String, Double)] {
        var times: [(String, Double)] = []
        for (name, fill) in [
            ("merge requests", { try await fillMergeRequests(store, depot: depot, rows: rows) }),
            ("operation logs", { try await fillOperationLogs(store, rows: rows) }),
            ("deliveries", { try await fillDeliveries(store, rows: rows) }),
            ("and migrated (42, 43)", { try await Migrator.migrate(store.sql, logger: logger, secrets: store.secrets) }),
            ("the last rows written by the repositories", { try await writeLastRows(store, depot: depot, rows: rows) }),
        ] as [(String, () async throws -> Void)] {
            let start = ContinuousClock.now
            try await fill()
            times.append((name, seconds(since: start)))
        }
        return times
    }

    /// Row `rows` of each list through its repository: the request created open and moved to
    /// its state, the entry and the delivery recorded.
    static func writeLastRows(_ store: Store, depot: Depot, rows: Int) async throws {
        let wanted = mergeRequest(rows, depot: depot)
        var opened = wanted
        (opened.state, opened.actorUID, opened.mergeCommitSHA) = (DepotMergeRequest.State.open, "", "")
        (opened.actionAt, opened.updatedAt) = (0, wanted.createdAt)
        var created = try await store.mergeRequests.create(opened, reviewerUIDs: [])
        if wanted.state != .open {
            (created.state, created.actorUID, created.mergeCommitSHA) = (wanted.state, wanted.actorUID, wanted.mergeCommitSHA)
            (created.actionAt, created.updatedAt) = (wanted.actionAt, wanted.updatedAt)
            try await store.mergeRequests.update(created, expecting: .open)
        }
        try await store.operationLogs.record(operationLog(rows))
        _ = try await store.deliveries.record(delivery(rows))
    }

    /// Requests 1…rows-1 in bulk with their numbers.
    static func fillMergeRequests(_ store: Store, depot: Depot, rows: Int) async throws {
        let values: [[any SQLExpression]] = (1..<max(rows, 1)).map { n in
            let r = mergeRequest(n, depot: depot)
            return [
                SQLBind(r.depotID), SQLBind(r.iid), SQLBind(r.projectKey), SQLBind(r.title), SQLBind(r.description), SQLBind(r.sourceBranch),
                SQLBind(r.targetBranch), SQLBind(r.state.rawValue), SQLBind(r.authorUID), SQLBind(r.actorUID), SQLBind(r.sourceSHA),
                SQLBind(r.targetSHA), SQLBind(r.baseSHA), SQLBind(r.mergeCommitSHA), SQLBind(r.createdAt), SQLBind(r.updatedAt),
                SQLBind(r.actionAt),
            ]
        }
        try await insert(store, "merge_requests", OtherListsSQL.mergeRequestColumns, values)
    }

    /// Entries 1…rows-1 in bulk with their `seq` (bodies stored as `record` stores them), and
    /// the log's row counter.
    static func fillOperationLogs(_ store: Store, rows: Int) async throws {
        let logs = (1..<max(rows, 1)).map(operationLog)
        let values: [[any SQLExpression]] = logs.indices.map { i in
            let l = logs[i]
            return [
                SQLBind(l.username), SQLBind(l.projectKey), SQLBind(l.method), SQLBind(l.function), SQLBind(l.scene), SQLBind(json(l.targets)),
                SQLBind(l.detail), SQLBind(OperationLogRepository.storedBody(l.requestBody, bodyType: l.bodyType)), SQLBind(l.bodyType),
                SQLBind(l.status), SQLBind(l.createdAt), SQLBind(i + 1),
            ]
        }
        try await insert(store, "operation_logs", OtherListsSQL.operationLogColumns, values)
        try await store.sql.write { db in try await db.raw(OtherListsSQL.rowCounter("operation_logs")).run() }
    }

    /// Deliveries 1…rows-1 in bulk with their `seq`, and the deliveries' row counter.
    static func fillDeliveries(_ store: Store, rows: Int) async throws {
        let deliveries = (1..<max(rows, 1)).map(delivery)
        let values: [[any SQLExpression]] = deliveries.indices.map { i in
            let d = deliveries[i]
            return [
                SQLBind(d.deliveryID), SQLBind(d.provider), SQLBind(d.event), SQLBind(json(d.headers)), SQLBind(d.body),
                SQLBind(d.signatureStatus), SQLBind(d.receivedAt), SQLBind(d.decision), SQLBind(d.taskRef), SQLBind(i + 1),
                SQLBind(d.body.utf8.count),
            ]
        }
        try await insert(store, "trigger_deliveries", OtherListsSQL.deliveryColumns, values)
        try await store.sql.write { db in try await db.raw(OtherListsSQL.rowCounter("trigger_deliveries")).run() }
    }

    /// `values` into `table`, 1,000 rows a statement and 10,000 a transaction.
    static func insert(_ store: Store, _ table: String, _ columns: [String], _ values: [[any SQLExpression]]) async throws {
        for first in stride(from: 0, to: values.count, by: perTransaction) {
            let chunk = Array(values[first..<min(first + perTransaction, values.count)])
            try await store.sql.write { db in
                for start in stride(from: 0, to: chunk.count, by: perStatement) {
                    var insert = db.insert(into: table).columns(columns)
                    for row in chunk[start..<min(start + perStatement, chunk.count)] { insert = insert.values(row) }
                    try await insert.run()
                }
            }
        }
    }

    /// Each counter against the rows it counts: how many disagree (0 when the store is consistent).
    static func check(_ store: Store) async throws -> [(String, Int)] {
        try await store.sql.read { db in
            var results: [(String, Int)] = []
            for (name, query) in OtherListsSQL.checks {
                results.append((name, try await db.raw(SQLQueryString(query)).first(decodingColumn: "bad", as: Int.self) ?? -1))
            }
            return results
        }
    }
}
