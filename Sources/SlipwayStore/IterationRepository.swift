import SQLKit
import SlipwayCore

/// A project's iterations (migration 25), numbered per project like its issues, and the issues
/// planned into them (`issues.iteration_id`).
package struct IterationRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var id: Int64
        var projectKey: String
        var code: Int64
        var name: String
        var goal: String
        var assigneeUid: String
        var status: String
        var startAt: Int64
        var endAt: Int64
        var creatorUid: String
        var starterUid: String
        var completerUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "project_key", "code", "name", "goal", "assignee_uid", "status", "start_at", "end_at", "creator_uid", "starter_uid",
            "completer_uid", "created_at", "updated_at",
        ]

        var iteration: Iteration {
            var it = Iteration(projectKey: projectKey, name: name)
            it.id = id
            it.code = code
            it.goal = goal
            it.assigneeUID = assigneeUid
            it.status = Iteration.Status(rawValue: status) ?? .waiting
            it.startAt = startAt
            it.endAt = endAt
            it.creatorUID = creatorUid
            it.starterUID = starterUid
            it.completerUID = completerUid
            it.createdAt = createdAt
            it.updatedAt = updatedAt
            return it
        }
    }

    static let valueColumns = Row.columns.filter { $0 != "id" && $0 != "code" && $0 != "project_key" }

    static func values(_ it: Iteration) -> [any Encodable & Sendable] {
        [
            it.name, it.goal, it.assigneeUID, it.status.rawValue, it.startAt, it.endAt, it.creatorUID, it.starterUID, it.completerUID,
            it.createdAt, it.updatedAt,
        ]
    }

    /// Store a new iteration with the project's next iteration code.
    package func create(_ iteration: Iteration) async throws -> Iteration {
        try await sql.write { db in
            var stored = iteration
            stored.code = try await IssueRepository.nextCode("last_iteration", projectKey: iteration.projectKey, db)
            stored.id =
                try await db.insert(into: "iterations").columns(["project_key", "code"] + Self.valueColumns)
                .values([iteration.projectKey, stored.code] as [any Encodable & Sendable] + Self.values(stored))
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            return stored
        }
    }

    package func update(_ iteration: Iteration) async throws {
        try await sql.write { db in
            var update = db.update("iterations")
            for (column, value) in zip(Self.valueColumns, Self.values(iteration)) { update = update.set(column, to: value) }
            try await update.where("id", .equal, iteration.id).run()
        }
    }

    /// Complete an iteration, moving its unfinished issues to `moveTo` (or out of any iteration).
    package func complete(_ iteration: Iteration, moveUnfinishedTo moveTo: Int64?) async throws {
        let done = IssueStatus.all.filter { $0.category == .completed }.map(\.id)
        try await sql.write { db in
            var update = db.update("iterations")
            for (column, value) in zip(Self.valueColumns, Self.values(iteration)) { update = update.set(column, to: value) }
            try await update.where("id", .equal, iteration.id).run()
            try await db.update("issues").set("iteration_id", to: moveTo).where("iteration_id", .equal, iteration.id)
                .where("status_id", .notIn, done).run()
        }
    }

    package func delete(id: Int64) async throws {
        try await sql.write { db in try await db.delete(from: "iterations").where("id", .equal, id).run() }
    }

    package func get(projectKey: String, code: Int64) async throws -> Iteration? {
        try await rows { $0.where("project_key", .equal, projectKey).where("code", .equal, code) }.first
    }

    package func get(id: Int64) async throws -> Iteration? {
        try await rows { $0.where("id", .equal, id) }.first
    }

    /// A project's iterations matching the filter, newest first, from `offset`, and how many match.
    package func list(_ filter: IterationFilter) async throws -> (iterations: [Iteration], total: Int) {
        try await sql.read { db in
            let total =
                try await filter.apply(db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("iterations"))
                .first(decodingColumn: "n", as: Int.self) ?? 0
            let page = try await filter.apply(db.select().columns(Row.columns).from("iterations")).orderBy("code", .descending)
                .limit(filter.limit).offset(filter.offset).all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
            return (page.map(\.iteration), total)
        }
    }

    func rows(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Iteration] {
        try await sql.read { db in
            try await filter(db.select().columns(Row.columns).from("iterations")).all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
                .map(\.iteration)
        }
    }

    private struct CountRow: Decodable {
        var iterationId: Int64
        var statusId: Int64
        var n: Int
    }

    /// How many issues of each iteration are in each status class.
    package func counts(iterationIDs: [Int64]) async throws -> [Int64: Iteration.Counts] {
        guard !iterationIDs.isEmpty else { return [:] }
        let rows = try await sql.read { db in
            try await db.select().column("iteration_id").column("status_id").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                .from("issues").where("iteration_id", .in, iterationIDs).groupBy("iteration_id").groupBy("status_id")
                .all(decoding: CountRow.self, keyDecodingStrategy: .snakeCase)
        }
        var out: [Int64: Iteration.Counts] = [:]
        for row in rows {
            var counts = out[row.iterationId] ?? Iteration.Counts()
            switch IssueStatus.with(id: row.statusId)?.category ?? .todo {
            case .todo: counts.todo += row.n
            case .processing: counts.processing += row.n
            case .completed: counts.completed += row.n
            }
            out[row.iterationId] = counts
        }
        return out
    }

    /// Put issues into an iteration (nil: out of any), all in one write.
    package func plan(issueIDs: [Int64], into iterationID: Int64?, at time: Int64) async throws {
        guard !issueIDs.isEmpty else { return }
        try await sql.write { db in
            try await db.update("issues").set("iteration_id", to: iterationID).set("updated_at", to: time).where("id", .in, issueIDs).run()
        }
    }
}

/// What an iteration list asks for: a project, statuses, assignees (uids), a keyword, a date window.
package struct IterationFilter: Sendable {
    package var projectKey: String
    package var statuses: [Iteration.Status] = []
    package var assigneeIDs: [Int64] = []
    package var keyword = ""
    /// Iterations ending on or after `from` and starting on or before `to` (ms; 0: open).
    package var from: Int64 = 0
    package var to: Int64 = 0
    package var offset = 0
    package var limit = 20

    package init(projectKey: String) {
        self.projectKey = projectKey
    }

    func apply(_ s: SQLSelectBuilder) -> SQLSelectBuilder {
        var s = s.where("project_key", .equal, projectKey)
        if !statuses.isEmpty { s = s.where("status", .in, statuses.map(\.rawValue)) }
        if !assigneeIDs.isEmpty {
            s = s.where("assignee_uid IN (SELECT uid FROM users WHERE id IN (\(binds: assigneeIDs)))" as SQLQueryString)
        }
        if !keyword.isEmpty { s = s.where(LikePattern.contains(column: "name", keyword)) }
        if from > 0 { s = s.where("end_at", .greaterThanOrEqual, from) }
        if to > 0 { s = s.where("start_at", .lessThanOrEqual, to) }
        return s
    }
}
