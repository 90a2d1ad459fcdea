import Foundation
import SlipwayCore

/// CODING's issue search language: `Conditions[{Key, Value, ConstValue}]`, multi-values
/// comma-separated, ranges `from_to`, `ConstValue "UNSPECIFIC"` for "not set"; `SortKey` and
/// `SortValue`. Bounded: at most `IssueQuery.maxConditions` conditions of at most
/// `maxValueLength` characters and `maxValues` values each.
enum IssueConditions {
    static func query(_ p: ActionParameters, projectKey: String) throws(CodingError) -> IssueQuery {
        var query = IssueQuery(projectKey: projectKey)
        let type = try p.string("IssueType")
        if type != "ALL" {
            guard let kind = IssueKind(rawValue: type) else {
                throw .invalidValue("IssueType", "must be ALL or one of \(IssueKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.conditions.append(.kinds([kind]))
        }
        let conditions = p.value("Conditions") == nil ? [] : try p.array("Conditions")
        guard conditions.count <= IssueQuery.maxConditions else {
            throw .invalidValue("Conditions", "must have at most \(IssueQuery.maxConditions) entries")
        }
        for (index, item) in conditions.enumerated() {
            guard case .object(let fields) = item else { throw .invalidParameter("Conditions", "must be an array of {Key, Value}") }
            query.conditions.append(try condition(ActionParameters(fields), name: "Conditions[\(index)]"))
        }
        if let key = try p.optionalString("SortKey"), !key.isEmpty {
            guard let sort = IssueQuery.SortKey(rawValue: key) else {
                throw .invalidValue("SortKey", "must be one of \(IssueQuery.SortKey.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.sort = sort
        }
        switch try p.optionalString("SortValue")?.uppercased() ?? "DESC" {
        case "", "DESC": query.descending = true
        case "ASC": query.descending = false
        default: throw .invalidValue("SortValue", "must be ASC or DESC")
        }
        query.excludeSubTasks = try p.optionalBool("ExcludeSubTask") ?? false
        return query
    }

    static func condition(_ c: ActionParameters, name: String) throws(CodingError) -> IssueQuery.Condition {
        let key = try c.string("Key")
        let raw = try c.optionalString("Value") ?? ""
        guard raw.count <= IssueQuery.maxValueLength else { throw .invalidValue("\(name).Value", "is too long") }
        let unset = try c.optionalString("ConstValue") == "UNSPECIFIC"
        let field = "\(name).Value"
        switch key {
        case "ISSUE_TYPE": return .kinds(try values(raw, field).map { v throws(CodingError) in try kind(v, field) })
        case "ISSUE_TYPE_ID":
            return .kinds(try integers(raw, field).map { id throws(CodingError) in try kind(String(id), field, byID: true) })
        case "STATUS", "ISSUE_STATUS_ID": return .statusIDs(try integers(raw, field))
        case "STATUS_TYPE":
            return .statusCategories(
                try values(raw, field).map { v throws(CodingError) in
                    guard let category = IssueStatus.Category(rawValue: v) else { throw .invalidValue(field, "must be TODO, PROCESSING or COMPLETED") }
                    return category
                })
        case "PRIORITY": return .priorities(try values(raw, field))
        case "ASSIGNEE": return .assignees(unset ? nil : try integers(raw, field))
        case "CREATOR": return .creators(try integers(raw, field))
        case "ITERATION": return .iterations(unset ? nil : try integers(raw, field))
        case "PARENT": return .parents(unset ? nil : try integers(raw, field))
        case "LABEL": return .labels(unset ? nil : try integers(raw, field))
        case "MODULE": return .modules(unset ? nil : try integers(raw, field))
        case "KEYWORD": return .keyword(raw)
        case "CREATED_AT": return .createdAt(try range(raw, field))
        case "UPDATED_AT": return .updatedAt(try range(raw, field))
        case "DUE_DATE": return .dueDate(unset ? nil : try range(raw, field))
        case "START_DATE": return .startDate(unset ? nil : try range(raw, field))
        case "WORKING_HOURS":
            let parts = raw.split(separator: "_", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let low = parts[0], let high = parts[1], low <= high else {
                throw .invalidValue(field, "must be a range low_high of hours")
            }
            return .workingHours(low...high)
        default:
            throw .invalidValue("\(name).Key", "\(key.prefix(40)) is not a condition Slipway supports")
        }
    }

    static func kind(_ value: String, _ field: String, byID: Bool = false) throws(CodingError) -> IssueKind {
        let kind = byID ? Int64(value).flatMap(IssueKind.init(id:)) : IssueKind(rawValue: value)
        guard let kind else { throw .invalidValue(field, "names an unknown issue type \(value.prefix(40))") }
        return kind
    }

    /// Comma-separated values, each trimmed; at least one, at most `maxValues`.
    static func values(_ raw: String, _ field: String) throws(CodingError) -> [String] {
        let values = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !values.isEmpty, values.count <= IssueQuery.maxValues else {
            throw .invalidValue(field, "must list 1…\(IssueQuery.maxValues) comma-separated values")
        }
        return values
    }

    static func integers(_ raw: String, _ field: String) throws(CodingError) -> [Int64] {
        try values(raw, field).map { v throws(CodingError) in
            guard let n = Int64(v) else { throw .invalidValue(field, "must list integers") }
            return n
        }
    }

    /// `from_to` of dates (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss`, epoch ms); a bare date ends at its day's end.
    static func range(_ raw: String, _ field: String) throws(CodingError) -> ClosedRange<Int64> {
        let parts = raw.split(separator: "_", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let low = time(parts[0], end: false), let high = time(parts[1], end: true), low <= high else {
            throw .invalidValue(field, "must be a range from_to of yyyy-MM-dd, yyyy-MM-dd HH:mm:ss or epoch milliseconds")
        }
        return low...high
    }

    static func time(_ text: String, end: Bool) -> Int64? {
        if let ms = Int64(text) { return ms }
        for (format, day) in [("yyyy-MM-dd HH:mm:ss", false), ("yyyy-MM-dd", true)] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = format
            if let date = f.date(from: text) {
                let ms = Int64(date.timeIntervalSince1970 * 1000)
                return day && end ? ms + 86_399_999 : ms
            }
        }
        return nil
    }
}

extension IssueConditions {
    /// An array of strings (or one string), at most `IssueQuery.maxValues`.
    static func strings(_ p: ActionParameters, _ name: String) throws(CodingError) -> [String] {
        guard let value = p.value(name) else { return [] }
        let items: [JSONValue]
        if case .array(let list) = value { items = list } else { items = [value] }
        guard items.count <= IssueQuery.maxValues else { throw .invalidValue(name, "must have at most \(IssueQuery.maxValues) entries") }
        return try items.map { item throws(CodingError) in
            guard case .string(let s) = item else { throw .invalidParameter(name, "must be an array of strings") }
            return s
        }
    }
}
