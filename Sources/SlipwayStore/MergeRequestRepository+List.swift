import SQLKit
import SlipwayCore

/// Where a counted list looks: one depot, or every depot of a project.
enum MergeRequestScope: Sendable {
    case depot(Int64)
    case project(String)
}

extension MergeRequestFilter {
    /// The scope of a list whose total the counters give: one depot or one project, optionally
    /// by state, and nothing else. Nil for any other filter.
    var countedScope: MergeRequestScope? {
        guard authorUIDs.isEmpty, actorUIDs.isEmpty, reviewerUIDs.isEmpty, keyword.isEmpty, sourceBranches.isEmpty,
            targetBranches.isEmpty, iids.isEmpty, createdFrom == nil, createdTo == nil
        else { return nil }
        switch (depotIDs, projectKeys) {
        case (let ids?, nil) where ids.count == 1: return .depot(ids[0])
        case (nil, let keys?) where keys.count == 1: return .project(keys[0])
        default: return nil
        }
    }

    /// Within one depot, creation order is number order (`iid` is given out in the creating
    /// transaction), and the `(depot_id, iid)` key serves it.
    var ordersByIID: Bool { !sortByActionAt && depotIDs?.count == 1 }

    /// The `ORDER BY` terms (fixed text).
    var orderSQL: String {
        let direction = ascending ? "ASC" : "DESC"
        if ordersByIID { return "iid \(direction)" }
        let column = sortByActionAt ? "action_at" : "created_at"
        return "\(column) \(direction), id \(direction)"
    }

    /// Whether `a` comes before `b` in the list's order.
    func precedes(_ a: DepotMergeRequest, _ b: DepotMergeRequest) -> Bool {
        let keyA: (Int64, Int64), keyB: (Int64, Int64)
        if ordersByIID {
            (keyA, keyB) = ((a.iid, 0), (b.iid, 0))
        } else if sortByActionAt {
            (keyA, keyB) = ((a.actionAt, a.id), (b.actionAt, b.id))
        } else {
            (keyA, keyB) = ((a.createdAt, a.id), (b.createdAt, b.id))
        }
        return ascending ? keyA < keyB : keyA > keyB
    }

    /// The condition on `state` for a counted list, in fixed words (a partial index is chosen
    /// only for a query that repeats its condition): every state but `open` is CODING's "close".
    var stateSQL: String {
        let chosen = Set(states)
        let all: [DepotMergeRequest.State] = [.open, .merged, .closed]
        switch chosen.count {
        case 0, 3: return ""
        case 1: return " AND state = '\(chosen.first!.rawValue)'"
        default: return " AND state <> '\(all.first { !chosen.contains($0) }!.rawValue)'"
        }
    }
}

/// Pages of merge requests. A list of one depot or one project, optionally by state (the
/// web pages, CODING's depot and project lists), costs O(page): its total is the depot
/// counters (`MergeRequestRepository+Counts`), and its page is one range of the depot's
/// numbers while they are dense (no request missing), else the ids of the page read in index
/// order from a covering index and then those rows only.
///
/// Any other filter (author, merger, reviewer, keyword, branches, dates, numbers) is counted
/// with `COUNT(*)` and paged by `OFFSET`, within the depots, projects or author it names: correct
/// and bounded by those rows, ordered by an index that leads with the depot, project or author.
extension MergeRequestRepository {
    /// One page of requests, newest first unless the filter says otherwise, with the total.
    /// `page` is 1-based.
    package func list(_ filter: MergeRequestFilter, page: Int, pageSize: Int) async throws -> (rows: [DepotMergeRequest], total: Int) {
        try await sql.read { db in
            let (query, total) = try await Self.pageQuery(filter, PageWindow(page: page, pageSize: pageSize), db)
            guard let query else { return ([], total) }
            let rows = try await db.raw(query).all(decoding: MergeRequestRow.self, keyDecodingStrategy: .snakeCase)
            return (rows.map(\.mergeRequest).sorted(by: filter.precedes), total)
        }
    }

    /// The database's plan for one page (SQLite `EXPLAIN QUERY PLAN` details, PostgreSQL
    /// `EXPLAIN` lines); empty when the page is past the end. For tests and benchmarks.
    package func listPlan(_ filter: MergeRequestFilter, page: Int, pageSize: Int) async throws -> [String] {
        try await sql.read { db in
            guard let query = try await Self.pageQuery(filter, PageWindow(page: page, pageSize: pageSize), db).query else { return [] }
            return try await db.explain(query)
        }
    }

    /// Projects the users have opened requests in (bounded by their own requests, found by the
    /// author index).
    package func projectKeys(authorUIDs: [String]) async throws -> [String] {
        guard !authorUIDs.isEmpty else { return [] }
        return try await sql.read { db in
            try await db.select().distinct().column("project_key").from("merge_requests").where("author_uid", .in, authorUIDs)
                .orderBy("project_key").all(decodingColumn: "project_key", as: String.self)
        }
    }

    static let columns =
        "id, depot_id, iid, project_key, title, description, source_branch, target_branch, state, author_uid, actor_uid,"
        + " source_sha, target_sha, base_sha, merge_commit_sha, created_at, updated_at, action_at"

    /// The select of one page (nil past the end) and the list's total.
    static func pageQuery(_ filter: MergeRequestFilter, _ window: PageWindow, _ db: any SQLDatabase) async throws -> (
        query: SQLQueryString?, total: Int
    ) {
        guard let scope = filter.countedScope else { return try await filteredQuery(filter, window, db) }
        let counts = try await counts(scope, db)
        let total = counts.total(of: filter.states)
        guard let skip = window.skip, skip < total, window.size > 0 else { return (nil, total) }
        let head = "SELECT \(columns) FROM merge_requests WHERE "
        if case .depot(let id) = scope, filter.ordersByIID, filter.stateSQL.isEmpty, counts.dense {
            // Numbers 1…last: page N is one range of the (depot_id, iid) key.
            if filter.ascending {
                return ("\(unsafeRaw: head)depot_id = \(bind: id) AND iid > \(bind: skip) ORDER BY iid ASC LIMIT \(bind: window.size)", total)
            }
            let top = counts.lastIID - Int64(skip)
            return ("\(unsafeRaw: head)depot_id = \(bind: id) AND iid <= \(bind: top) ORDER BY iid DESC LIMIT \(bind: window.size)", total)
        }
        var ids: SQLQueryString = "SELECT id FROM merge_requests WHERE "
        switch scope {
        case .depot(let id): ids += "depot_id = \(bind: id)"
        case .project(let key): ids += "project_key = \(bind: key)"
        }
        ids += "\(unsafeRaw: filter.stateSQL) ORDER BY \(unsafeRaw: filter.orderSQL) LIMIT \(bind: window.size) OFFSET \(bind: skip)"
        return ("\(unsafeRaw: head)id IN (\(ids))", total)
    }

    /// Any other filter: `COUNT(*)` and `OFFSET`, bounded by the depots, projects or author named.
    static func filteredQuery(_ filter: MergeRequestFilter, _ window: PageWindow, _ db: any SQLDatabase) async throws -> (
        query: SQLQueryString?, total: Int
    ) {
        let whereClause = whereSQL(filter)
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM merge_requests\(whereClause)").first(decodingColumn: "n", as: Int.self) ?? 0
        guard let skip = window.skip, skip < total, window.size > 0 else { return (nil, total) }
        let query: SQLQueryString =
            "SELECT \(unsafeRaw: columns) FROM merge_requests\(whereClause) ORDER BY \(unsafeRaw: filter.orderSQL) LIMIT \(bind: window.size) OFFSET \(bind: skip)"
        return (query, total)
    }

    /// Up to `limit` requests of one depot the filter lists, numbered after `afterIID`, in number
    /// order, without a total: a walk over a depot's requests reads each once, by the
    /// `(depot_id, iid)` key.
    package func batch(_ filter: MergeRequestFilter, depotID: Int64, afterIID: Int64, limit: Int) async throws -> [DepotMergeRequest] {
        var scoped = filter
        scoped.depotIDs = [depotID]
        let query: SQLQueryString =
            "SELECT \(unsafeRaw: Self.columns) FROM merge_requests\(Self.whereSQL(scoped)) AND iid > \(bind: afterIID) ORDER BY iid ASC LIMIT \(bind: max(limit, 0))"
        return try await sql.read { db in
            try await db.raw(query).all(decoding: MergeRequestRow.self, keyDecodingStrategy: .snakeCase).map(\.mergeRequest)
        }
    }

    /// The filter's `WHERE` clause ("" when it filters nothing).
    static func whereSQL(_ filter: MergeRequestFilter) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        func oneOf<T: Encodable & Sendable>(_ column: String, _ values: [T]) {
            var list: SQLQueryString = ""
            for (n, value) in values.enumerated() { list += n == 0 ? "\(bind: value)" : ", \(bind: value)" }
            conditions.append("\(ident: column) IN (\(list))")
        }
        if let ids = filter.depotIDs { oneOf("depot_id", ids.isEmpty ? [-1] : ids) }
        if let keys = filter.projectKeys { oneOf("project_key", keys.isEmpty ? [""] : keys) }
        if !filter.iids.isEmpty { oneOf("iid", filter.iids) }
        if !filter.states.isEmpty { oneOf("state", filter.states.map(\.rawValue)) }
        if !filter.authorUIDs.isEmpty { oneOf("author_uid", filter.authorUIDs) }
        if !filter.actorUIDs.isEmpty { oneOf("actor_uid", filter.actorUIDs) }
        if !filter.sourceBranches.isEmpty { oneOf("source_branch", filter.sourceBranches) }
        if !filter.targetBranches.isEmpty { oneOf("target_branch", filter.targetBranches) }
        if let from = filter.createdFrom { conditions.append("created_at >= \(bind: from)") }
        if let to = filter.createdTo { conditions.append("created_at < \(bind: to)") }
        if !filter.keyword.isEmpty { conditions.append("lower(title) LIKE \(bind: "%" + filter.keyword.lowercased() + "%")") }
        if !filter.reviewerUIDs.isEmpty {
            var reviewers: SQLQueryString = ""
            for (n, uid) in filter.reviewerUIDs.enumerated() { reviewers += n == 0 ? "\(bind: uid)" : ", \(bind: uid)" }
            conditions.append("id IN (SELECT merge_request_id FROM merge_request_reviewers WHERE user_uid IN (\(reviewers)))")
        }
        var clause: SQLQueryString = ""
        for (n, condition) in conditions.enumerated() { clause += n == 0 ? " WHERE \(condition)" : " AND \(condition)" }
        return clause
    }
}
