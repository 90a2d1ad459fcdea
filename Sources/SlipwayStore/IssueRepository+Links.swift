import SQLKit
import SlipwayCore

extension IssueRepository {
    private struct StatusLogRow: Decodable {
        var code: Int64
        var statusId: Int64
        var creatorUid: String
        var createdAt: Int64
    }

    /// The status history of the given issues, oldest first.
    package func statusChanges(issueIDs: [Int64]) async throws -> [IssueStatusChange] {
        guard !issueIDs.isEmpty else { return [] }
        return try await sql.read { db in
            try await db.select().column(SQLColumn("code", table: "i")).column(SQLColumn("status_id", table: "l"))
                .column(SQLColumn("creator_uid", table: "l")).column(SQLColumn("created_at", table: "l"))
                .from(SQLAlias(SQLIdentifier("issue_status_logs"), as: SQLIdentifier("l")))
                .join(SQLAlias(SQLIdentifier("issues"), as: SQLIdentifier("i")), on: SQLColumn("id", table: "i"), .equal, SQLColumn("issue_id", table: "l"))
                .where(SQLColumn("issue_id", table: "l"), .in, SQLBind.group(issueIDs))
                .orderBy(SQLColumn("id", table: "l"))
                .all(decoding: StatusLogRow.self, keyDecodingStrategy: .snakeCase)
                .map { IssueStatusChange(issueCode: $0.code, statusID: $0.statusId, creatorUID: $0.creatorUid, createdAt: $0.createdAt) }
        }
    }

    // MARK: Blocks

    /// Record that `blockerID` blocks `issueID` (a link already there is kept).
    package func addBlock(issueID: Int64, blockerID: Int64, projectKey: String) async throws {
        try await sql.write { db in
            guard try await db.count("issue_blocks", { $0.where("issue_id", .equal, issueID).where("blocker_id", .equal, blockerID) }) == 0
            else { return }
            try await db.insert(into: "issue_blocks").columns("project_key", "issue_id", "blocker_id")
                .values(SQLBind(projectKey), SQLBind(issueID), SQLBind(blockerID)).run()
        }
    }

    /// Remove a blocking link; false when there was none.
    package func removeBlock(issueID: Int64, blockerID: Int64) async throws -> Bool {
        try await sql.write { db in
            let n = try await db.count("issue_blocks") { $0.where("issue_id", .equal, issueID).where("blocker_id", .equal, blockerID) }
            try await db.delete(from: "issue_blocks").where("issue_id", .equal, issueID).where("blocker_id", .equal, blockerID).run()
            return n > 0
        }
    }

    /// The issues blocking `issueID` (its predecessors).
    package func blockers(of issueID: Int64) async throws -> [Issue] {
        try await linked("SELECT blocker_id FROM issue_blocks WHERE issue_id = \(bind: issueID)")
    }

    /// The issues `issueID` blocks (its successors).
    package func blocked(by issueID: Int64) async throws -> [Issue] {
        try await linked("SELECT issue_id FROM issue_blocks WHERE blocker_id = \(bind: issueID)")
    }

    /// The issues whose ids the subquery gives, by code.
    func linked(_ ids: SQLQueryString) async throws -> [Issue] {
        try await rows { $0.where("id IN (\(ids))" as SQLQueryString).orderBy("code") }
    }

    // MARK: Requirement–defect links

    /// Link a defect to a requirement (replacing the requirement it had).
    package func linkDefect(_ defectID: Int64, to requirementID: Int64, projectKey: String) async throws {
        try await sql.write { db in
            try await db.delete(from: "issue_defect_links").where("defect_id", .equal, defectID).run()
            try await db.insert(into: "issue_defect_links").columns("project_key", "defect_id", "requirement_id")
                .values(SQLBind(projectKey), SQLBind(defectID), SQLBind(requirementID)).run()
        }
    }

    /// The defects linked to a requirement.
    package func defects(of requirementID: Int64) async throws -> [Issue] {
        try await linked("SELECT defect_id FROM issue_defect_links WHERE requirement_id = \(bind: requirementID)")
    }
}
