import SQLKit
import SlipwayCore

extension IssueRepository {
    /// One page of a project's issues matching every condition of `query`, in its order, and how
    /// many match in all. Every value is a bound parameter; columns come from fixed lists.
    package func list(_ query: IssueQuery) async throws -> IssuePage {
        try await sql.read { db in
            let counted = Self.filtered(query, db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n"))
            let total = try await counted.first(decodingColumn: "n", as: Int.self) ?? 0
            guard query.offset < total else { return IssuePage(issues: [], total: total) }
            let direction: SQLDirection = query.descending ? .descending : .ascending
            let page = try await Self.filtered(query, db.select().columns(Row.columns))
                .orderBy(SQLIdentifier(Self.column(query.sort)), direction).orderBy("code", direction)
                .limit(query.limit).offset(query.offset)
                .all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
            return IssuePage(issues: page.map(\.issue), total: total)
        }
    }

    static func column(_ key: IssueQuery.SortKey) -> String {
        switch key {
        case .code: return "code"
        case .createdAt: return "created_at"
        case .updatedAt: return "updated_at"
        case .priority: return "priority"
        case .dueDate: return "due_date"
        case .status, .statusID: return "status_id"
        case .completedAt: return "completed_at"
        case .parentID: return "parent_id"
        }
    }

    static func filtered(_ query: IssueQuery, _ select: SQLSelectBuilder) -> SQLSelectBuilder {
        var s = select.from("issues").where("project_key", .equal, query.projectKey)
        if query.excludeSubTasks { s = s.where("type", .notEqual, IssueKind.subTask.rawValue) }
        for condition in query.conditions { s = apply(condition, projectKey: query.projectKey, to: s) }
        return s
    }

    static func apply(_ condition: IssueQuery.Condition, projectKey: String, to s: SQLSelectBuilder) -> SQLSelectBuilder {
        switch condition {
        case .kinds(let kinds): return s.where("type", .in, kinds.map(\.rawValue))
        case .statusIDs(let ids): return s.where("status_id", .in, ids)
        case .statusCategories(let categories):
            return s.where("status_id", .in, IssueStatus.all.filter { categories.contains($0.category) }.map(\.id))
        case .priorities(let priorities): return s.where("priority", .in, priorities)
        case .assignees(nil): return s.where("assignee_uid", .equal, "")
        case .assignees(let ids?): return s.where("assignee_uid IN (SELECT uid FROM users WHERE id IN (\(binds: ids)))" as SQLQueryString)
        case .creators(let ids): return s.where("creator_uid IN (SELECT uid FROM users WHERE id IN (\(binds: ids)))" as SQLQueryString)
        case .iterations(nil): return s.where("iteration_id", .is, SQLLiteral.null)
        case .iterations(let codes?):
            return s.where(
                "iteration_id IN (SELECT id FROM iterations WHERE project_key = \(bind: projectKey) AND code IN (\(binds: codes)))" as SQLQueryString)
        case .parents(nil): return s.where("parent_id", .is, SQLLiteral.null)
        case .parents(let codes?):
            return s.where(
                "parent_id IN (SELECT p.id FROM issues p WHERE p.project_key = \(bind: projectKey) AND p.code IN (\(binds: codes)))" as SQLQueryString)
        case .labels(nil): return s.where("id NOT IN (SELECT issue_id FROM issue_label_links)" as SQLQueryString)
        case .labels(let ids?): return s.where("id IN (SELECT issue_id FROM issue_label_links WHERE label_id IN (\(binds: ids)))" as SQLQueryString)
        case .modules(nil): return s.where("module_id", .is, SQLLiteral.null)
        case .modules(let ids?): return s.where("module_id", .in, ids)
        case .keyword(let keyword):
            if let code = Int64(keyword) {
                return s.where("(code = \(bind: code) OR \(LikePattern.contains(column: "name", keyword)))" as SQLQueryString)
            }
            return s.where(LikePattern.contains(column: "name", keyword))
        case .createdAt(let range): return between("created_at", range, s)
        case .updatedAt(let range): return between("updated_at", range, s)
        case .dueDate(nil): return s.where("due_date", .equal, 0)
        case .dueDate(let range?): return between("due_date", range, s)
        case .startDate(nil): return s.where("start_date", .equal, 0)
        case .startDate(let range?): return between("start_date", range, s)
        case .workingHours(let range):
            return s.where("working_hours", .greaterThanOrEqual, range.lowerBound).where("working_hours", .lessThanOrEqual, range.upperBound)
        }
    }

    static func between(_ column: String, _ range: ClosedRange<Int64>, _ s: SQLSelectBuilder) -> SQLSelectBuilder {
        s.where(column, .greaterThanOrEqual, range.lowerBound).where(column, .lessThanOrEqual, range.upperBound)
    }
}
