import SQLKit
import SlipwayCore

/// A project's agile releases (migration 30), numbered per project, and the iterations each spans.
package struct AgileReleaseRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var id: Int64
        var projectKey: String
        var code: Int64
        var name: String
        var description: String
        var assigneeUid: String
        var creatorUid: String
        var startDate: Int64
        var releaseDate: Int64
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "project_key", "code", "name", "description", "assignee_uid", "creator_uid", "start_date", "release_date", "created_at",
            "updated_at",
        ]

        func release(_ iterations: [Int64]) -> AgileRelease {
            var r = AgileRelease(projectKey: projectKey, name: name)
            r.id = id
            r.code = code
            r.description = description
            r.assigneeUID = assigneeUid
            r.creatorUID = creatorUid
            r.startDate = startDate
            r.releaseDate = releaseDate
            r.iterationIDs = iterations
            r.createdAt = createdAt
            r.updatedAt = updatedAt
            return r
        }
    }

    struct LinkRow: Decodable {
        var releaseId: Int64
        var iterationId: Int64
    }

    static let valueColumns = ["name", "description", "assignee_uid", "creator_uid", "start_date", "release_date", "created_at", "updated_at"]

    static func values(_ r: AgileRelease) -> [any Encodable & Sendable] {
        [r.name, r.description, r.assigneeUID, r.creatorUID, r.startDate, r.releaseDate, r.createdAt, r.updatedAt]
    }

    /// Store a new release with the project's next release code (never reused), and its iteration links.
    package func create(_ release: AgileRelease) async throws -> AgileRelease {
        try await sql.write { db in
            var stored = release
            let next: SQLQueryString = """
                INSERT INTO planning_counters (project_key, last_issue, last_iteration, last_release) \
                VALUES (\(bind: release.projectKey), 0, 0, 1) \
                ON CONFLICT (project_key) DO UPDATE SET last_release = planning_counters.last_release + 1 RETURNING last_release
                """
            stored.code = try await db.raw(next).first(decodingColumn: "last_release", as: Int64.self) ?? 0
            stored.id =
                try await db.insert(into: "agile_releases").columns(["project_key", "code"] + Self.valueColumns)
                .values([release.projectKey, stored.code] as [any Encodable & Sendable] + Self.values(stored))
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            try await Self.link(stored, db)
            return stored
        }
    }

    /// Replace a release's fields and iteration links, in one write.
    package func update(_ release: AgileRelease) async throws {
        try await sql.write { db in
            var update = db.update("agile_releases")
            for (column, value) in zip(Self.valueColumns, Self.values(release)) { update = update.set(column, to: value) }
            try await update.where("id", .equal, release.id).run()
            try await db.delete(from: "agile_release_iterations").where("release_id", .equal, release.id).run()
            try await Self.link(release, db)
        }
    }

    static func link(_ release: AgileRelease, _ db: any SQLDatabase) async throws {
        for iteration in Set(release.iterationIDs) {
            try await db.insert(into: "agile_release_iterations").columns("release_id", "iteration_id", "project_key")
                .values(SQLBind(release.id), SQLBind(iteration), SQLBind(release.projectKey)).run()
        }
    }

    package func delete(id: Int64) async throws {
        try await sql.write { db in try await db.delete(from: "agile_releases").where("id", .equal, id).run() }
    }

    package func get(projectKey: String, code: Int64) async throws -> AgileRelease? {
        try await rows { $0.where("project_key", .equal, projectKey).where("code", .equal, code) }.first
    }

    /// Every release of a project (at most `limit`), by code.
    package func all(projectKey: String, limit: Int = 10_000) async throws -> [AgileRelease] {
        try await rows { $0.where("project_key", .equal, projectKey).orderBy("code").limit(limit) }
    }

    /// The releases spanning iteration `iterationID`, by code.
    package func spanning(iterationID: Int64) async throws -> [AgileRelease] {
        try await rows {
            $0.where("id IN (SELECT release_id FROM agile_release_iterations WHERE iteration_id = \(bind: iterationID))" as SQLQueryString)
                .orderBy("code")
        }
    }

    func rows(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [AgileRelease] {
        try await sql.read { db in
            let rows = try await filter(db.select().columns(Row.columns).from("agile_releases"))
                .all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
            guard !rows.isEmpty else { return [] }
            let links = try await db.select().columns("release_id", "iteration_id").from("agile_release_iterations")
                .where("release_id", .in, rows.map(\.id)).orderBy("iteration_id")
                .all(decoding: LinkRow.self, keyDecodingStrategy: .snakeCase)
            let byRelease = Dictionary(grouping: links, by: \.releaseId)
            return rows.map { $0.release(byRelease[$0.id]?.map(\.iterationId) ?? []) }
        }
    }
}
