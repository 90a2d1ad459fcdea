import SQLKit
import SlipwayCore

/// A user's to-do issues across projects: assigned to them and not completed.
extension IssueRepository {
    static var openStatusIDs: [Int64] { IssueStatus.all.filter { $0.category != .completed }.map(\.id) }

    /// The projects in which `uid` has open issues assigned.
    package func projectKeys(openlyAssignedTo uid: String) async throws -> [String] {
        try await sql.read { db in
            try await db.select().distinct().column("project_key").from("issues").where("assignee_uid", .equal, uid)
                .where("status_id", .in, Self.openStatusIDs).orderBy("project_key")
                .all(decodingColumn: "project_key", as: String.self)
        }
    }

    /// One page of the open issues assigned to `uid` in `projectKeys`, of `kind` and whose name
    /// holds `keyword` when given, most recently changed first; and how many there are in all.
    package func todo(uid: String, projectKeys: [String], kind: IssueKind?, keyword: String, offset: Int, limit: Int) async throws -> IssuePage {
        guard !projectKeys.isEmpty else { return IssuePage(issues: [], total: 0) }
        return try await sql.read { db in
            func filtered(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
                var s = select.from("issues").where("assignee_uid", .equal, uid).where("status_id", .in, Self.openStatusIDs)
                    .where("project_key", .in, projectKeys)
                if let kind { s = s.where("type", .equal, kind.rawValue) }
                if !keyword.isEmpty { s = s.where(LikePattern.contains(column: "name", keyword)) }
                return s
            }
            let total =
                try await filtered(db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n"))
                .first(decodingColumn: "n", as: Int.self) ?? 0
            guard offset < total else { return IssuePage(issues: [], total: total) }
            let rows = try await filtered(db.select().columns(Row.columns)).orderBy("updated_at", .descending).orderBy("id", .descending)
                .limit(limit).offset(offset).all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
            return IssuePage(issues: rows.map(\.issue), total: total)
        }
    }
}
