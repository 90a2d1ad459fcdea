import SQLKit
import SlipwayCore

extension IssueRepository {
    private struct WorkLogRow: Decodable {
        var id: Int64
        var issueId: Int64
        var code: Int64
        var userUid: String
        var spentHours: Double
        var remainingHours: Double
        var startAt: Int64
        var description: String
        var createdAt: Int64

        var log: IssueWorkLog {
            var log = IssueWorkLog(
                issueID: issueId, issueCode: code, userUID: userUid, spentHours: spentHours, remainingHours: remainingHours,
                startAt: startAt, description: description, createdAt: createdAt)
            log.id = id
            return log
        }
    }

    /// Log work on an issue: the issue's spent hours become the sum of its logs, its remaining
    /// hours what the log says, in one transaction.
    package func addWorkLog(_ log: IssueWorkLog, projectKey: String) async throws -> IssueWorkLog {
        try await sql.write { db in
            var stored = log
            stored.id =
                try await db.insert(into: "issue_work_logs")
                .columns("project_key", "issue_id", "user_uid", "spent_hours", "remaining_hours", "start_at", "description", "created_at")
                .values(
                    SQLBind(projectKey), SQLBind(log.issueID), SQLBind(log.userUID), SQLBind(log.spentHours),
                    SQLBind(log.remainingHours), SQLBind(log.startAt), SQLBind(log.description), SQLBind(log.createdAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            try await Self.sumHours(issueID: log.issueID, remaining: log.remainingHours, at: log.createdAt, db)
            return stored
        }
    }

    /// Delete a log entry; with `rollback`, its hours go back to the issue's remaining hours.
    /// False when the issue has no such entry.
    package func deleteWorkLog(id: Int64, issueID: Int64, rollback: Bool, at time: Int64) async throws -> Bool {
        try await sql.write { db in
            guard
                let log = try await db.select().column("spent_hours").from("issue_work_logs").where("id", .equal, id)
                    .where("issue_id", .equal, issueID).first(decodingColumn: "spent_hours", as: Double.self),
                let remaining = try await db.select().column("remaining_hours").from("issues").where("id", .equal, issueID)
                    .first(decodingColumn: "remaining_hours", as: Double.self)
            else { return false }
            try await db.delete(from: "issue_work_logs").where("id", .equal, id).run()
            try await Self.sumHours(issueID: issueID, remaining: rollback ? remaining + log : remaining, at: time, db)
            return true
        }
    }

    static func sumHours(issueID: Int64, remaining: Double, at time: Int64, _ db: any SQLDatabase) async throws {
        let spent =
            try await db.select().column(
                SQLFunction("coalesce", args: SQLFunction("sum", args: SQLIdentifier("spent_hours")), SQLLiteral.numeric("0.0")), as: "s"
            )
            .from("issue_work_logs").where("issue_id", .equal, issueID).first(decodingColumn: "s", as: Double.self) ?? 0
        try await db.update("issues").set("spent_hours", to: spent).set("remaining_hours", to: remaining).set("updated_at", to: time)
            .where("id", .equal, issueID).run()
    }

    /// An issue's work logs, oldest first.
    package func workLogs(of issueID: Int64) async throws -> [IssueWorkLog] {
        try await sql.read { db in
            try await db.select().column(SQLColumn("id", table: "w")).column(SQLColumn("issue_id", table: "w")).column(SQLColumn("code", table: "i"))
                .column(SQLColumn("user_uid", table: "w")).column(SQLColumn("spent_hours", table: "w"))
                .column(SQLColumn("remaining_hours", table: "w")).column(SQLColumn("start_at", table: "w"))
                .column(SQLColumn("description", table: "w")).column(SQLColumn("created_at", table: "w"))
                .from(SQLAlias(SQLIdentifier("issue_work_logs"), as: SQLIdentifier("w")))
                .join(SQLAlias(SQLIdentifier("issues"), as: SQLIdentifier("i")), on: SQLColumn("id", table: "i"), .equal, SQLColumn("issue_id", table: "w"))
                .where(SQLColumn("issue_id", table: "w"), .equal, SQLBind(issueID)).orderBy(SQLColumn("id", table: "w"))
                .all(decoding: WorkLogRow.self, keyDecodingStrategy: .snakeCase).map(\.log)
        }
    }
}
