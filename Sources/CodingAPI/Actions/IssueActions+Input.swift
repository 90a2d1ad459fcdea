import SlipwayCore
import SlipwayServices

/// Decoding the issue actions' fields.
enum IssueFields {
    /// The `IssueInput` of CreateIssue/ModifyIssue; fields Slipway does not model are refused
    /// when they ask for something (releases, sub-types, third-party links).
    static func input(_ p: ActionParameters) throws(CodingError) -> IssueInput {
        for name in ["ReleaseCodes", "ThirdLinks"] {
            if case .array(let items)? = p.value(name), !items.isEmpty { throw .invalidValue(name, "is not supported by Slipway") }
        }
        for name in ["DefectTypeId", "RequirementTypeId", "EpicCode"] where (try p.optionalInt(name) ?? 0) != 0 {
            throw .invalidValue(name, "is not supported by Slipway")
        }
        var input = IssueInput()
        input.name = try p.optionalString("Name")
        input.description = try p.optionalString("Description")
        input.priority = try p.optionalString("Priority")
        input.statusID = try p.optionalInt("StatusId")
        input.assigneeID = try p.optionalInt("AssigneeId")
        input.parentCode = try p.optionalInt("ParentCode")
        input.iterationCode = try p.optionalInt("IterationCode")
        input.startDate = try date(p, "StartDate")
        input.dueDate = try date(p, "DueDate")
        input.workingHours = try double(p, "WorkingHours")
        input.storyPoint = try p.optionalString("StoryPoint")
        input.addedWatcherIDs = try integers(p, "WatcherIds")
        input.removedWatcherIDs = try integers(p, "DelWatcherIds")
        input.addedFileIDs = try integers(p, "FileIds", max: 100)
        input.removedFileIDs = try integers(p, "DelFileIds", max: 100)
        input.customFieldValues = try customFieldValues(p)
        input.moduleID = try p.optionalInt("ProjectModuleId")
        let max = IssueLabel.maxPerIssue
        input.addedLabelIDs = try integers(p, "LabelIds", max: max)
        input.removedLabelIDs = try integers(p, "DelLabelIds", max: max)
        let replaced = try integers(p, "UpdateLabelIds", max: max)
        input.labelIDs = replaced.isEmpty ? nil : replaced
        return input
    }

    /// `CustomFieldValues` [{Id, Content}] (at most 100): field id → value (a number is taken as its text).
    static func customFieldValues(_ p: ActionParameters) throws(CodingError) -> [Int64: String] {
        guard p.value("CustomFieldValues") != nil else { return [:] }
        let items = try p.array("CustomFieldValues")
        guard items.count <= 100 else { throw .invalidValue("CustomFieldValues", "must have at most 100 entries") }
        var values: [Int64: String] = [:]
        for item in items {
            guard case .number(let n) = item["Id"], n.rounded() == n, n > 0, n < 9.0e15 else {
                throw .invalidParameter("CustomFieldValues", "each entry needs an integer Id")
            }
            switch item["Content"] {
            case .string(let s): values[Int64(n)] = s
            case .number, .null: values[Int64(n)] = item["Content"].string ?? ""
            default: throw .invalidParameter("CustomFieldValues", "each Content must be a string")
            }
        }
        return values
    }

    /// A date as epoch milliseconds (`yyyy-MM-dd`, `yyyy-MM-dd HH:mm:ss` or ms; 0: not set).
    static func date(_ p: ActionParameters, _ name: String) throws(CodingError) -> Int64? {
        if case .number(let n)? = p.value(name) { return Int64(n) }
        guard let date = try p.optionalDate(name) else { return nil }
        return Int64(date.timeIntervalSince1970 * 1000)
    }

    static func double(_ p: ActionParameters, _ name: String) throws(CodingError) -> Double? {
        switch p.value(name) {
        case nil: return nil
        case .number(let n) where n.isFinite: return n
        case .string(let s):
            guard let n = Double(s), n.isFinite else { throw .invalidParameter(name, "must be a number") }
            return n
        default: throw .invalidParameter(name, "must be a number")
        }
    }

    /// An array of integers (or one integer), at most `max`.
    static func integers(_ p: ActionParameters, _ name: String, max: Int = 500) throws(CodingError) -> [Int64] {
        guard let value = p.value(name) else { return [] }
        let items: [JSONValue]
        if case .array(let list) = value { items = list } else { items = [value] }
        guard items.count <= max else { throw .invalidValue(name, "must have at most \(max) entries") }
        return try items.map { item throws(CodingError) in
            switch item {
            case .number(let n) where n.rounded() == n && abs(n) < 9.0e15: return Int64(n)
            case .string(let s):
                guard let n = Int64(s) else { throw .invalidParameter(name, "must be an array of integers") }
                return n
            default: throw .invalidParameter(name, "must be an array of integers")
            }
        }
    }
}
