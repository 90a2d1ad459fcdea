import Foundation
import SQLKit
import SlipwayCore

/// A project's issues (migration 25), numbered per project by a `planning_counters` row that the
/// insert's transaction advances, with their status history, links, comments and work logs.
package struct IssueRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var id: Int64
        var projectKey: String
        var code: Int64
        var type: String
        var name: String
        var description: String
        var statusId: Int64
        var priority: String
        var assigneeUid: String
        var creatorUid: String
        var parentId: Int64?
        var iterationId: Int64?
        var startDate: Int64
        var dueDate: Int64
        var completedAt: Int64
        var workingHours: Double
        var spentHours: Double
        var remainingHours: Double
        var storyPoint: String
        var watchers: String
        var createdAt: Int64
        var updatedAt: Int64
        var moduleId: Int64?

        static let columns = [
            "id", "project_key", "code", "type", "name", "description", "status_id", "priority", "assignee_uid", "creator_uid",
            "parent_id", "iteration_id", "start_date", "due_date", "completed_at", "working_hours", "spent_hours", "remaining_hours",
            "story_point", "watchers", "created_at", "updated_at", "module_id",
        ]

        var issue: Issue {
            var issue = Issue(
                projectKey: projectKey, kind: IssueKind(rawValue: type) ?? .mission, name: name, statusID: statusId, priority: priority)
            issue.id = id
            issue.code = code
            issue.description = description
            issue.assigneeUID = assigneeUid
            issue.creatorUID = creatorUid
            issue.parentID = parentId
            issue.iterationID = iterationId
            issue.startDate = startDate
            issue.dueDate = dueDate
            issue.completedAt = completedAt
            issue.workingHours = workingHours
            issue.spentHours = spentHours
            issue.remainingHours = remainingHours
            issue.storyPoint = storyPoint
            issue.watcherUIDs = JSONColumn.decode([String].self, from: watchers, default: [])
            issue.createdAt = createdAt
            issue.updatedAt = updatedAt
            issue.moduleID = moduleId
            return issue
        }
    }

    /// The values of every column but `id` and `code`, in `Row.columns` order.
    static func values(_ issue: Issue) -> [any Encodable & Sendable] {
        [
            issue.projectKey, issue.kind.rawValue, issue.name, issue.description, issue.statusID, issue.priority,
            issue.assigneeUID, issue.creatorUID, issue.parentID, issue.iterationID, issue.startDate, issue.dueDate,
            issue.completedAt, issue.workingHours, issue.spentHours, issue.remainingHours, issue.storyPoint,
            JSONColumn.encode(issue.watcherUIDs), issue.createdAt, issue.updatedAt, issue.moduleID,
        ]
    }

    static let valueColumns = Row.columns.filter { $0 != "id" && $0 != "code" }

    /// What else a change of an issue writes in its transaction (its log, its field values), given the issue's id.
    package typealias Companion = @Sendable (any SQLDatabase, Int64) async throws -> Void

    /// Store a new issue with the project's next code, and its first status in the history.
    package func create(_ issue: Issue, also: Companion? = nil) async throws -> Issue {
        try await sql.write { db in
            var stored = issue
            stored.code = try await Self.nextCode("last_issue", projectKey: issue.projectKey, db)
            stored.id =
                try await db.insert(into: "issues").columns(["code"] + Self.valueColumns)
                .values([stored.code as any Encodable & Sendable] + Self.values(stored))
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            try await Self.logStatus(stored, by: issue.creatorUID, db)
            try await also?(db, stored.id)
            return stored
        }
    }

    /// The next number of `counter` (`last_issue`, `last_iteration`) of a project, in the caller's transaction.
    static func nextCode(_ counter: String, projectKey: String, _ db: any SQLDatabase) async throws -> Int64 {
        let (issue, iteration) = counter == "last_issue" ? (1, 0) : (0, 1)
        let query: SQLQueryString = """
            INSERT INTO planning_counters (project_key, last_issue, last_iteration) VALUES (\(bind: projectKey), \(bind: issue), \(bind: iteration)) \
            ON CONFLICT (project_key) DO UPDATE SET \(unsafeRaw: counter) = planning_counters.\(unsafeRaw: counter) + 1 \
            RETURNING \(unsafeRaw: counter)
            """
        guard let code = try await db.raw(query).first(decodingColumn: counter, as: Int64.self) else {
            throw SlipwayError.internalError("no \(counter) for project \(projectKey)")
        }
        return code
    }

    static func logStatus(_ issue: Issue, by uid: String, _ db: any SQLDatabase) async throws {
        try await db.insert(into: "issue_status_logs").columns("project_key", "issue_id", "status_id", "creator_uid", "created_at")
            .values(SQLBind(issue.projectKey), SQLBind(issue.id), SQLBind(issue.statusID), SQLBind(uid), SQLBind(issue.updatedAt))
            .run()
    }

    /// Replace an issue's fields; a changed status goes into its history, by `uid`.
    package func update(_ issue: Issue, by uid: String, also: Companion? = nil) async throws {
        try await sql.write { db in
            let old = try await db.select().column("status_id").from("issues").where("id", .equal, issue.id)
                .first(decodingColumn: "status_id", as: Int64.self)
            var update = db.update("issues")
            for (column, value) in zip(Self.valueColumns, Self.values(issue)) where column != "project_key" {
                update = update.set(column, to: value)
            }
            try await update.where("id", .equal, issue.id).run()
            if let old, old != issue.statusID { try await Self.logStatus(issue, by: uid, db) }
            try await also?(db, issue.id)
        }
    }

    /// Delete an issue with its sub-tasks (other children lose their parent).
    package func delete(id: Int64) async throws {
        try await sql.write { db in
            try await db.delete(from: "issues").where("parent_id", .equal, id).where("type", .equal, IssueKind.subTask.rawValue).run()
            try await db.delete(from: "issues").where("id", .equal, id).run()
        }
    }

    package func get(projectKey: String, code: Int64) async throws -> Issue? {
        try await one { $0.where("project_key", .equal, projectKey).where("code", .equal, code) }
    }

    package func get(id: Int64) async throws -> Issue? {
        try await one { $0.where("id", .equal, id) }
    }

    /// Issues by id (ids not found are left out).
    package func issues(ids: [Int64]) async throws -> [Int64: Issue] {
        guard !ids.isEmpty else { return [:] }
        let found = try await rows { $0.where("id", .in, Array(Set(ids))) }
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The children of an issue, by code.
    package func children(of id: Int64) async throws -> [Issue] {
        try await rows { $0.where("parent_id", .equal, id).orderBy("code") }
    }

    /// The children of each of the issues `ids`, by parent id, each list by code.
    package func children(ofAny ids: [Int64]) async throws -> [Int64: [Issue]] {
        guard !ids.isEmpty else { return [:] }
        let found = try await rows { $0.where("parent_id", .in, Array(Set(ids))).orderBy("code") }
        return Dictionary(grouping: found) { $0.parentID ?? 0 }
    }

    func one(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Issue? {
        try await rows { filter($0).limit(1) }.first
    }

    func rows(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Issue] {
        try await sql.read { db in
            try await filter(db.select().columns(Row.columns).from("issues"))
                .all(decoding: Row.self, keyDecodingStrategy: .snakeCase).map(\.issue)
        }
    }
}
