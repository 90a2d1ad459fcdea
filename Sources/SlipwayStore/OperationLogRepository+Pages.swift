import SQLKit
import SlipwayCore

/// Pages of the operation log, newest first.
///
/// Every list walks one "spine", an index whose keys number the entries of one filter value
/// densely (1, 2, 3… in insert order, given out in the insert's transaction with a counter of
/// the value; entries are never deleted): all entries (`seq`), one project's (`project_key,
/// project_seq`), one status's (`status, status_seq`), or the entries that acted on one target
/// of a project and scene, such as an environment (`operation_log_targets`). The spine is the
/// most selective of those the query's equality filters allow.
///
/// With no other filter the total is the value's counter and page N is one range of the spine,
/// O(page) at any depth. Any other filter (a substring of username, function or detail, or a
/// second equality) is checked on the rows the spine yields, newest first, and no counter can
/// answer it; its cost is bounded by a cap instead (`list(_:cap:)`).
extension OperationLogRepository {
    static let projectCounter = "operation_logs.project"
    static let statusCounter = "operation_logs.status"

    /// The matches a filtered list counts and lists at most (`list(_:cap:)`), as GitLab caps
    /// its counts.
    package static let substringCap = 10_000

    /// Newest first, filtered as the query says. Answered by a spine alone, the total is exact
    /// and the page one index range. Otherwise the matches are counted up to `cap` and no further
    /// (the count stops at the `cap + 1`-th match found walking the spine newest first), the page
    /// is read by OFFSET along the spine, and the list is the newest `cap` matches: `total` is
    /// exact up to `cap` and is `cap` when more entries match, and pages past the cap are empty.
    /// On SQLite the cost of such a list is therefore at most two walks of the spine's index
    /// newest first, each ending at the `cap + 1`-th match (at the spine's end when fewer
    /// match), never a sort. PostgreSQL's planner cannot estimate a substring's matches and may
    /// scan the table and sort what matches instead (`slipway-bench --other-lists`: 40–90 ms at
    /// 100,000 entries): bounded by the log's size, not by the page.
    package func list(_ query: OperationLogQuery, cap: Int = substringCap) async throws -> Page<OperationLog> {
        let statements = try await sql.read { db in try await Self.statements(query, cap: cap, db) }
        guard let page = statements.page else { return Page(items: [], total: statements.total) }
        let rows = try await sql.readPlain(page, columns: OperationLogRow.plainColumns)
        return Page(items: rows.map { OperationLogRow($0).log }, total: statements.total)
    }

    /// The database's plan of each statement a list runs after reading the counter (SQLite
    /// `EXPLAIN QUERY PLAN` details, PostgreSQL `EXPLAIN` lines): the capped count when there is
    /// one, then the page when it is not past the end. For tests and benchmarks.
    package func listPlans(_ query: OperationLogQuery, cap: Int = substringCap) async throws -> [[String]] {
        try await sql.read { db in
            let statements = try await Self.statements(query, cap: cap, db)
            var plans: [[String]] = []
            for statement in [statements.count, statements.page].compactMap({ $0 }) { plans.append(try await db.explain(statement)) }
            return plans
        }
    }

    /// The total of `query`, and the statements that read it: the capped count (nil when a
    /// counter gave the total) and the page (nil when the page is past the end).
    static func statements(
        _ query: OperationLogQuery, cap: Int, _ db: any SQLDatabase
    ) async throws -> (total: Int, count: SQLQueryString?, page: SQLQueryString?) {
        let (spine, residual) = OperationLogSpine.choose(query)
        let window = PageWindow(page: query.page, pageSize: query.perPage)
        if residual.isEmpty {
            let total = try await spine.counted(db)
            guard let skip = window.skip, skip < total, window.size > 0 else { return (total, nil, nil) }
            let page: SQLQueryString =
                "\(spine.select) AND \(unsafeRaw: spine.number) <= \(bind: total - skip) ORDER BY \(unsafeRaw: spine.number) DESC LIMIT \(bind: window.size)"
            return (total, nil, page)
        }
        let matches = residual.reduce(spine.select) { $0 + " AND " + $1 }
        let count: SQLQueryString = "SELECT COUNT(*) AS n FROM (\(matches) LIMIT \(bind: max(cap, 0) + 1)) AS matched"
        let total = min(try await db.raw(count).first(decodingColumn: "n", as: Int.self) ?? 0, max(cap, 0))
        guard let skip = window.skip, skip < total, window.size > 0 else { return (total, count, nil) }
        let page: SQLQueryString =
            "\(matches) ORDER BY \(unsafeRaw: spine.number) DESC LIMIT \(bind: min(window.size, total - skip)) OFFSET \(bind: skip)"
        return (total, count, page)
    }

    /// The targets of an entry that get a numbered row: each distinct non-empty one.
    static func indexedTargets(_ targets: [String]) -> [String] {
        var seen: Set<String> = []
        return targets.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Number an entry under one of its targets, inside the entry's write transaction.
    static func recordTarget(project: String, scene: String, target: String, logID: Int64, _ db: any SQLDatabase) async throws {
        guard
            let n = try await db.raw(
                """
                INSERT INTO operation_log_target_counters (project, scene, target, n)
                VALUES (\(bind: project), \(bind: scene), \(bind: target), 1)
                ON CONFLICT (project, scene, target) DO UPDATE SET n = operation_log_target_counters.n + 1 RETURNING n
                """
            ).first(decodingColumn: "n", as: Int64.self)
        else { throw SlipwayError.internalError("target counter gave no number") }
        try await db.raw(
            """
            INSERT INTO operation_log_targets (project, scene, target, seq, log_id)
            VALUES (\(bind: project), \(bind: scene), \(bind: target), \(bind: n), \(bind: logID))
            """
        ).run()
    }
}

/// The index a list walks, newest first, and how its length is read.
struct OperationLogSpine {
    /// `SELECT <list columns> FROM … WHERE <the spine's own conditions>`.
    let select: SQLQueryString
    /// The dense number along the spine.
    let number: String
    /// The spine's length, from its counter.
    let counted: @Sendable (any SQLDatabase) async throws -> Int

    static let columns = OperationLogRow.plainColumns.map { "l.\($0.name)" }.joined(separator: ", ")

    /// The spine of a query and the conditions left for its rows: the target spine when a
    /// project, scene and target are all asked for (`/system/operation/env`), else the project's,
    /// else the status's, else every entry. An empty substring matches every entry: no condition.
    static func choose(_ query: OperationLogQuery) -> (OperationLogSpine, [SQLQueryString]) {
        var residual: [SQLQueryString] = []
        let spine: OperationLogSpine
        if let project = query.projectKey, let scene = query.scene, let target = query.target {
            spine = OperationLogSpine(
                select: """
                    SELECT \(unsafeRaw: columns) FROM operation_log_targets t JOIN operation_logs l ON l.id = t.log_id
                    WHERE t.project = \(bind: project) AND t.scene = \(bind: scene) AND t.target = \(bind: target)
                    """,
                number: "t.seq"
            ) { db in
                try await db.select().column("n").from("operation_log_target_counters").where("project", .equal, project)
                    .where("scene", .equal, scene).where("target", .equal, target).first(decodingColumn: "n", as: Int.self) ?? 0
            }
        } else if let project = query.projectKey {
            spine = keyed("project_key", "project_seq", OperationLogRepository.projectCounter, project, bind: project)
            if let scene = query.scene { residual.append("l.scene = \(bind: scene)") }
            if let target = query.target { residual.append(targetCondition(target)) }
        } else {
            if let scene = query.scene { residual.append("l.scene = \(bind: scene)") }
            if let target = query.target { residual.append(targetCondition(target)) }
            if let status = query.status {
                spine = keyed("status", "status_seq", OperationLogRepository.statusCounter, String(status), bind: status)
            } else {
                spine = OperationLogSpine(select: "SELECT \(unsafeRaw: columns) FROM operation_logs l WHERE 1 = 1", number: "l.seq") { db in
                    try await RowSequence.current("operation_logs", db)
                }
            }
        }
        if query.projectKey != nil, let status = query.status { residual.append("l.status = \(bind: status)") }
        if let v = query.username, !v.isEmpty { residual.append(LikePattern.contains(column: "l.username", v)) }
        if let v = query.function, !v.isEmpty { residual.append(LikePattern.contains(column: "l.function", v)) }
        if let v = query.detail, !v.isEmpty { residual.append(LikePattern.contains(column: "l.detail", v)) }
        return (spine, residual)
    }

    /// The spine of one value of a numbered column.
    static func keyed(_ column: String, _ number: String, _ counter: String, _ subject: String, bind value: any Encodable & Sendable)
        -> OperationLogSpine
    {
        OperationLogSpine(
            select: "SELECT \(unsafeRaw: columns) FROM operation_logs l WHERE l.\(unsafeRaw: column) = \(bind: value)",
            number: "l.\(number)"
        ) { db in try await KeyedSequence.current(counter, subject, db) }
    }

    /// An entry lists `target` among its targets (stored as a JSON array of strings), as a whole
    /// element: only asked for without a project or scene, which no route does.
    static func targetCondition(_ target: String) -> SQLQueryString {
        var pattern = "%"
        for c in JSONColumn.encode(target) {
            if c == "%" || c == "_" || c == "\\" { pattern.append("\\") }
            pattern.append(c)
        }
        return "l.targets LIKE \(bind: pattern + "%") ESCAPE '\\'"
    }
}
