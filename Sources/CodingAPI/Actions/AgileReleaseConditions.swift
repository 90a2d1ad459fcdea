import SlipwayCore
import SlipwayServices

/// The filters of the release lists: DescribeReleaseList's `OpenApiIssueCondition` and
/// DescribeReleaseIssueList's issue filters, bounded like the issue search's.
enum AgileReleaseConditions {
    /// `OpenApiIssueCondition`: `[{key, value}]` with keys STATUS_TYPE (TODO, PROCESSING,
    /// COMPLETED), ASSIGNEE (user ids) and KEYWORD (part of the name).
    static func apply(_ p: ActionParameters, to filter: inout AgileReleaseService.ListFilter) throws(CodingError) {
        guard let raw = p.value("OpenApiIssueCondition") else { return }
        guard case .array(let conditions) = raw else { throw .invalidParameter("OpenApiIssueCondition", "must be an array") }
        guard conditions.count <= IssueQuery.maxConditions else {
            throw .invalidValue("OpenApiIssueCondition", "must have at most \(IssueQuery.maxConditions) conditions")
        }
        for condition in conditions {
            guard case .object(let fields) = condition else { throw .invalidParameter("OpenApiIssueCondition", "must list objects") }
            let c = ActionParameters(fields)
            let key = (try c.optionalString("key") ?? "").uppercased()
            let values = try values(c)
            switch key {
            case "STATUS_TYPE":
                filter.progress = try values.map { v throws(CodingError) in
                    guard let progress = AgileRelease.Progress(rawValue: v.uppercased()) else {
                        throw .invalidValue("OpenApiIssueCondition", "STATUS_TYPE must list TODO, PROCESSING or COMPLETED")
                    }
                    return progress
                }
            case "ASSIGNEE":
                filter.assigneeIDs = try values.map { v throws(CodingError) in
                    guard let id = Int64(v) else { throw .invalidValue("OpenApiIssueCondition", "ASSIGNEE must list user ids") }
                    return id
                }
            case "KEYWORD": filter.keyword = String((values.first ?? "").prefix(IssueQuery.maxValueLength))
            default: throw .invalidValue("OpenApiIssueCondition", "key must be STATUS_TYPE, ASSIGNEE or KEYWORD")
            }
        }
    }

    /// A condition's `value`: a string, a number or an array of them.
    static func values(_ c: ActionParameters) throws(CodingError) -> [String] {
        let items: [JSONValue]
        switch c.value("value") {
        case nil: return []
        case .array(let list): items = list
        case let single?: items = [single]
        }
        guard items.count <= IssueQuery.maxValues else { throw .invalidValue("OpenApiIssueCondition", "a value lists too many entries") }
        var out: [String] = []
        for item in items {
            switch item {
            case .string(let s): if !s.isEmpty { out.append(s) }
            case .number(let n) where n.rounded() == n && abs(n) < 9.0e15: out.append(String(Int64(n)))
            default: throw .invalidParameter("OpenApiIssueCondition", "values must be strings or integers")
            }
        }
        return out
    }

    /// DescribeReleaseIssueList's filters as an issue search.
    static func issueQuery(_ p: ActionParameters, projectKey: String) throws(CodingError) -> IssueQuery {
        var query = IssueQuery(projectKey: projectKey)
        var kinds: [IssueKind] = []
        for name in try IssueConditions.strings(p, "IssueTypes") {
            guard let kind = IssueKind(rawValue: name.uppercased()) else {
                throw .invalidValue("IssueTypes", "must list REQUIREMENT, DEFECT, MISSION, EPIC or SUB_TASK")
            }
            kinds.append(kind)
        }
        for id in try IssueFields.integers(p, "IssueTypeIds", max: IssueQuery.maxValues) {
            guard let kind = IssueKind(id: id) else { throw .invalidValue("IssueTypeIds", "\(id) is not an issue type id") }
            kinds.append(kind)
        }
        if !kinds.isEmpty { query.conditions.append(.kinds(kinds)) }
        let statuses = try IssueConditions.strings(p, "StatusTypes").map { s throws(CodingError) in
            guard let category = IssueStatus.Category(rawValue: s.uppercased()) else {
                throw .invalidValue("StatusTypes", "must list TODO, PROCESSING or COMPLETED")
            }
            return category
        }
        if !statuses.isEmpty { query.conditions.append(.statusCategories(statuses)) }
        let assignees = try IssueFields.integers(p, "Assignees", max: IssueQuery.maxValues)
        if !assignees.isEmpty { query.conditions.append(.assignees(assignees)) }
        let keyword = try p.optionalString("Keywords") ?? ""
        guard keyword.count <= IssueQuery.maxValueLength else { throw .invalidValue("Keywords", "is too long") }
        if !keyword.isEmpty { query.conditions.append(.keyword(keyword)) }
        if let sortBy = try p.optionalString("SortBy"), !sortBy.isEmpty {
            let parts = sortBy.uppercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let key = parts[0] == "ID" ? "CODE" : parts[0]
            guard parts.count <= 2, let sort = IssueQuery.SortKey(rawValue: key), parts.count == 1 || ["ASC", "DESC"].contains(parts[1]) else {
                let keys = IssueQuery.SortKey.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidValue("SortBy", "must be KEY:ASC or KEY:DESC with KEY one of ID, \(keys)")
            }
            query.sort = sort
            query.descending = parts.count == 2 && parts[1] == "DESC"
        }
        query.excludeSubTasks = !(try p.optionalBool("ShowSubIssues") ?? true)
        return query
    }
}
