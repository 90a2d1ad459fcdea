import Foundation
import SlipwayCore
import SlipwayStore

/// One of the fields every issue has (assignee, status, …), as the field settings list it.
package struct SystemIssueField: Sendable {
    package var id: Int64
    package var type: String
    package var name: String
    package var component: IssueField.Component
    package var options: [IssueField.Option] = []
    /// Default value (`{"type":"VARIABLE","value":"CREATOR"}`); empty for none.
    package var defaultValue = ""
}

/// The fields an issue type has in a project: the system fields, then the project's custom ones.
package struct IssueFieldSettings: Sendable {
    package var kind: IssueKind
    package var system: [SystemIssueField]
    package var custom: [IssueField]
    /// The creators of the custom fields.
    package var people: PlanningPeople
    /// When the system fields came to be: when the project did.
    package var since: Int64
}

/// Custom issue fields: defined per project (by its administrators) for some issue types, set on
/// issues through `CustomFieldValues`, every change in the issue's log.
extension IssueService {
    /// System fields have ids from here up, apart from custom fields' ids.
    static let systemFieldBase: Int64 = 10_000

    static func systemFields(of kind: IssueKind) -> [SystemIssueField] {
        let priorities = zip(Issue.priorities, ["低", "中", "高", "紧急"]).map { IssueField.Option(title: $1, value: $0) }
        let statuses = IssueWorkflow.statuses(of: kind).map { IssueField.Option(title: $0.name, value: "\($0.id)") }
        var fields: [(String, String, IssueField.Component, [IssueField.Option])] = [
            ("ASSIGNEE", "处理人", .memberSingle, []), ("STATUS", "状态", .selectSingle, statuses),
            ("PRIORITY", "优先级", .selectSingle, priorities), ("DESCRIPTION", "描述", .multiLine, []),
            ("START_DATE", "开始日期", .date, []), ("DUE_DATE", "截止日期", .date, []),
            ("WORKING_HOURS", "预估工时", .decimal, []), ("WATCHER", "关注人", .memberMulti, []),
        ]
        if kind != .epic, kind != .subTask { fields.append(("ITERATION", "迭代", .selectSingle, [])) }
        if kind == .requirement { fields.append(("STORY_POINT", "故事点", .singleLine, [])) }
        return fields.enumerated().map { index, f in
            var field = SystemIssueField(id: systemFieldBase + Int64(index) + 1, type: f.0, name: f.1, component: f.2, options: f.3)
            if f.0 == "WATCHER" { field.defaultValue = #"{"type":"VARIABLE","value":"CREATOR"}"# }
            return field
        }
    }

    /// The fields issues of `kind` have in a project.
    package func fieldSettings(projectKey: String, kind: IssueKind, by user: User) async throws -> IssueFieldSettings {
        let project = try await access.require(user, projectKey: projectKey, write: false)
        let custom = try await store.issueFields.fields(projectKey: projectKey).filter { $0.kinds.contains(kind) }
        return IssueFieldSettings(
            kind: kind, system: Self.systemFields(of: kind), custom: custom, people: try await access.people(custom.map(\.creatorUID)),
            since: project.createdAt)
    }

    /// Define a custom field (project administrators only).
    package func defineField(_ field: IssueField, by user: User) async throws -> IssueField {
        let project = try await access.require(user, projectKey: field.projectKey, write: true)
        guard let rights = try await store.access.access(user: user, projectKey: project.key), rights.allows(.administer) else {
            throw SlipwayError.forbidden("defining issue fields needs administrator access to project \(project.key)")
        }
        var f = field
        f.name = f.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !f.name.isEmpty, f.name.count <= 64 else { throw SlipwayError.invalidInput("Name must be 1…64 characters") }
        guard !Self.systemFields(of: .requirement).contains(where: { $0.name == f.name }) else {
            throw SlipwayError.conflict("\(f.name) is a system field")
        }
        f.kinds = IssueKind.allCases.filter(f.kinds.contains)
        guard !f.kinds.isEmpty else { throw SlipwayError.invalidInput("IssueTypes must name at least one issue type") }
        guard try await store.issueFields.fields(projectKey: project.key).count < IssueField.maxPerProject else {
            throw SlipwayError.failedPrecondition("a project has at most \(IssueField.maxPerProject) custom issue fields")
        }
        guard f.description.count <= 1000, f.unit.count <= 32 else { throw SlipwayError.invalidInput("Description or Unit is too long") }
        if f.component.choosesOptions {
            let values = f.options.map(\.value)
            guard !values.isEmpty, values.count <= IssueField.maxOptions, Set(values).count == values.count,
                values.allSatisfy({ !$0.isEmpty && $0.count <= 64 && !$0.contains(",") }), f.options.allSatisfy({ !$0.title.isEmpty && $0.title.count <= 64 })
            else { throw SlipwayError.invalidInput("Options must be 1…\(IssueField.maxOptions) distinct {Title, Value} (no comma in a Value)") }
        } else {
            f.options = []
        }
        let now = EpochMillis.now()
        f.creatorUID = user.uid
        f.createdAt = now
        f.updatedAt = now
        return try await store.issueFields.create(f)
    }

    /// The values `input` sets on `issue` (checked against their fields) and the log entries recording them.
    func customFieldChanges(_ input: IssueInput, issue: Issue, old: [Int64: String], by uid: String, at now: Int64) async throws -> (
        values: [Int64: String], entries: [IssueLogEntry]
    ) {
        guard !input.customFieldValues.isEmpty else { return ([:], []) }
        let fields = try await store.issueFields.fields(projectKey: issue.projectKey)
        var values: [Int64: String] = [:], entries: [IssueLogEntry] = []
        for (id, raw) in input.customFieldValues.sorted(by: { $0.key < $1.key }) {
            guard let field = fields.first(where: { $0.id == id }), field.kinds.contains(issue.kind) else {
                throw SlipwayError.invalidInput("CustomFieldValues: field \(id) is not a custom field of \(issue.kind.rawValue) issues")
            }
            let value = try await normalized(raw, for: field)
            guard value != (old[id] ?? "") else { continue }
            values[id] = value
            var entry = IssueLogEntry(
                issueID: issue.id, action: "UPDATE", target: "CUSTOM_FIELD", targetName: field.name,
                content: Self.text(.object(["value": .string(value)])), creatorUID: uid, createdAt: now)
            entry.fieldID = id
            entries.append(entry)
        }
        return (values, entries)
    }

    /// A custom field value checked against its field and written the one way Slipway keeps it.
    func normalized(_ raw: String, for field: IssueField) async throws -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { return "" }
        guard value.utf8.count <= IssueField.maxValueBytes else { throw SlipwayError.invalidInput("\(field.name): the value is too long") }
        let bad = SlipwayError.invalidInput("\(field.name): \(value.prefix(64)) is not a valid \(field.component.rawValue) value")
        let parts = field.component.isMulti ? value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [value]
        guard parts.count <= IssueField.maxOptions else { throw bad }
        switch field.component {
        case .singleLine, .multiLine: return value
        case .integer: guard Int64(value) != nil else { throw bad }
        case .decimal: guard let n = Double(value), n.isFinite else { throw bad }
        case .date, .dateTime:
            guard Int64(value) != nil || Self.parse(value, withTime: field.component == .dateTime) else { throw bad }
        case .selectSingle, .selectMulti, .radio, .checkbox:
            guard parts.allSatisfy({ part in field.options.contains { $0.value == part } }) else { throw bad }
        case .memberSingle, .memberMulti:
            for part in parts {
                guard let id = Int64(part) else { throw bad }
                _ = try await access.memberUID(id, projectKey: field.projectKey, field: field.name)
            }
        }
        return parts.joined(separator: ",")
    }

    static func parse(_ text: String, withTime: Bool) -> Bool {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = withTime ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd"
        return formatter.date(from: text) != nil
    }

    /// The change log of custom field `name` on an issue, newest first.
    package func customFieldLog(projectKey: String, code: Int64, fieldName: String, by user: User) async throws -> (
        field: IssueField, entries: [IssueLogEntry], people: PlanningPeople
    ) {
        let issue = try await find(projectKey: projectKey, code: code, by: user, write: false)
        guard let field = try await store.issueFields.fields(projectKey: projectKey).first(where: { $0.name == fieldName }) else {
            throw SlipwayError.notFound("no custom field named \(fieldName.prefix(64)) in project \(projectKey)")
        }
        let entries = try await store.issueActivity.entries(issueID: issue.id, action: nil, target: "CUSTOM_FIELD", fieldID: field.id)
        return (field, entries, try await access.people(entries.map(\.creatorUID)))
    }
}
