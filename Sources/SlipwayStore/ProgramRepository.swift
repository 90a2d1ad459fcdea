import SQLKit
import SlipwayCore

/// Programs (migration 30): project sets, the projects in them, their work items (numbered per
/// program) and the project issues each work item is split into.
package struct ProgramRepository: Sendable {
    let sql: any SQLStore

    struct Row: Decodable {
        var id: Int64
        var name: String
        var displayName: String
        var description: String
        var startDate: Int64
        var endDate: Int64
        var creatorUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = ["id", "name", "display_name", "description", "start_date", "end_date", "creator_uid", "created_at", "updated_at"]

        var program: Program {
            var p = Program(name: name, displayName: displayName)
            p.id = id
            p.description = description
            p.startDate = startDate
            p.endDate = endDate
            p.creatorUID = creatorUid
            p.createdAt = createdAt
            p.updatedAt = updatedAt
            return p
        }
    }

    struct WorkItemRow: Decodable {
        var id: Int64
        var programId: Int64
        var code: Int64
        var name: String
        var description: String
        var statusId: Int64
        var priority: String
        var assigneeUid: String
        var creatorUid: String
        var createdAt: Int64
        var updatedAt: Int64

        static let columns = [
            "id", "program_id", "code", "name", "description", "status_id", "priority", "assignee_uid", "creator_uid", "created_at",
            "updated_at",
        ]

        var workItem: ProgramWorkItem {
            var w = ProgramWorkItem(programID: programId, name: name)
            w.id = id
            w.code = code
            w.description = description
            w.statusID = statusId
            w.priority = priority
            w.assigneeUID = assigneeUid
            w.creatorUID = creatorUid
            w.createdAt = createdAt
            w.updatedAt = updatedAt
            return w
        }
    }

    /// Store a new program; a taken name is a conflict.
    package func create(_ program: Program) async throws -> Program {
        try await sql.write { db in
            let taken = try await db.select().column("id").from("programs").where("name", .equal, program.name).first()
            guard taken == nil else { throw SlipwayError.conflict("program \(program.name) already exists") }
            var stored = program
            stored.id =
                try await db.insert(into: "programs")
                .columns(Row.columns.filter { $0 != "id" } + ["last_work_item"])
                .values(
                    SQLBind(program.name), SQLBind(program.displayName), SQLBind(program.description), SQLBind(program.startDate),
                    SQLBind(program.endDate), SQLBind(program.creatorUID), SQLBind(program.createdAt), SQLBind(program.updatedAt), SQLBind(0)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            return stored
        }
    }

    package func get(name: String) async throws -> Program? {
        try await programs { $0.where("name", .equal, name) }.first
    }

    package func get(id: Int64) async throws -> Program? {
        try await programs { $0.where("id", .equal, id) }.first
    }

    /// Programs whose name or display name contains `keyword` (all when empty), by id, at most `limit`.
    package func search(keyword: String, limit: Int = 10_000) async throws -> [Program] {
        try await programs { s in
            let matching =
                keyword.isEmpty
                ? s : s.where(LikePattern.contains(column: "name", keyword)).orWhere(LikePattern.contains(column: "display_name", keyword))
            return matching.orderBy("id").limit(limit)
        }
    }

    func programs(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [Program] {
        try await sql.read { db in
            try await filter(db.select().columns(Row.columns).from("programs")).all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
                .map(\.program)
        }
    }

    /// Put projects into a program (those already in it stay).
    package func add(projectKeys: [String], to programID: Int64) async throws {
        try await sql.write { db in
            for key in Set(projectKeys) {
                let present = try await db.select().column("program_id").from("program_projects").where("program_id", .equal, programID)
                    .where("project_key", .equal, key).first()
                if present != nil { continue }
                try await db.insert(into: "program_projects").columns("program_id", "project_key").values(SQLBind(programID), SQLBind(key)).run()
            }
        }
    }

    /// The keys of a program's projects, sorted.
    package func projectKeys(programID: Int64) async throws -> [String] {
        try await sql.read { db in
            try await db.select().column("project_key").from("program_projects").where("program_id", .equal, programID).orderBy("project_key")
                .all(decodingColumn: "project_key", as: String.self)
        }
    }

    /// Store a new work item with the program's next work item code.
    package func create(_ item: ProgramWorkItem) async throws -> ProgramWorkItem {
        try await sql.write { db in
            var stored = item
            let next: SQLQueryString =
                "UPDATE programs SET last_work_item = last_work_item + 1 WHERE id = \(bind: item.programID) RETURNING last_work_item"
            stored.code = try await db.raw(next).first(decodingColumn: "last_work_item", as: Int64.self) ?? 0
            guard stored.code > 0 else { throw SlipwayError.notFound("program \(item.programID) not found") }
            stored.id =
                try await db.insert(into: "program_work_items").columns(WorkItemRow.columns.filter { $0 != "id" })
                .values(
                    SQLBind(item.programID), SQLBind(stored.code), SQLBind(item.name), SQLBind(item.description), SQLBind(item.statusID),
                    SQLBind(item.priority), SQLBind(item.assigneeUID), SQLBind(item.creatorUID), SQLBind(item.createdAt),
                    SQLBind(item.updatedAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            return stored
        }
    }

    package func workItem(programID: Int64, code: Int64) async throws -> ProgramWorkItem? {
        try await workItems { $0.where("program_id", .equal, programID).where("code", .equal, code) }.first
    }

    /// The work items an issue has been split from, by program and code.
    package func workItems(issueID: Int64) async throws -> [ProgramWorkItem] {
        try await workItems {
            $0.where("id IN (SELECT work_item_id FROM program_work_item_issues WHERE issue_id = \(bind: issueID))" as SQLQueryString)
                .orderBy("program_id").orderBy("code")
        }
    }

    func workItems(_ filter: @escaping @Sendable (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> [ProgramWorkItem] {
        try await sql.read { db in
            try await filter(db.select().columns(WorkItemRow.columns).from("program_work_items"))
                .all(decoding: WorkItemRow.self, keyDecodingStrategy: .snakeCase).map(\.workItem)
        }
    }

    /// Link a work item to a project issue (`split`), or remove the link; false when nothing changed.
    @discardableResult
    package func split(workItemID: Int64, issueID: Int64, projectKey: String, _ split: Bool) async throws -> Bool {
        try await sql.write { db in
            let present =
                try await db.select().column("issue_id").from("program_work_item_issues").where("work_item_id", .equal, workItemID)
                .where("issue_id", .equal, issueID).first() != nil
            if split, !present {
                try await db.insert(into: "program_work_item_issues").columns("work_item_id", "issue_id", "project_key")
                    .values(SQLBind(workItemID), SQLBind(issueID), SQLBind(projectKey)).run()
                return true
            }
            if !split, present {
                try await db.delete(from: "program_work_item_issues").where("work_item_id", .equal, workItemID).where("issue_id", .equal, issueID)
                    .run()
                return true
            }
            return false
        }
    }
}
