import Foundation
import SlipwayCore
import SlipwayServices

/// CODING issue activity and settings (§2.2): the activity log, custom field history, filters,
/// field settings and the workbench, over `IssueService`.
struct IssueActivityActions: Sendable {
    func service(_ call: ActionCall) -> IssueService { IssueService(call.services.context) }

    /// DescribeIssueLogList: optional `ActionType` and `Target` narrow the log → `IssueList`.
    @Sendable func describeIssueLogList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let entries = try await service(call).activity(
            projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), action: try Self.nonEmpty(p, "ActionType"),
            target: try Self.nonEmpty(p, "Target"), by: call.user)
        let people = try await service(call).people(entries.map(\.creatorUID))
        return IssueLogListOutput(IssueList: entries.map { IssueLogDTO($0, people) })
    }

    /// DescribeIssueCustomFieldLogList: the changes of custom field `FieldName` (its display name).
    @Sendable func describeIssueCustomFieldLogList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let log = try await service(call).customFieldLog(
            projectKey: try p.string("ProjectName"), code: try p.int("IssueCode"), fieldName: try p.string("FieldName"), by: call.user)
        return CustomFieldLogListOutput(
            FieldChangeLogList: log.entries.map { e in
                let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(e.content.utf8)))?["value"].string ?? ""
                return CustomFieldChangeLogDTO(
                    IssueId: e.issueID, ActionType: e.action, FieldType: log.field.component.rawValue, FieldName: log.field.name,
                    FieldId: log.field.id, FieldValue: value.isEmpty ? "无" : value, UpdatedAt: e.createdAt, Creator: log.people.id(e.creatorUID))
            })
    }

    /// DescribeIssueFilterList: the system filters of `IssueType` (ALL or a type) → `Data`.
    @Sendable func describeIssueFilterList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let filters = try await service(call).filters(projectKey: try p.string("ProjectName"), issueType: try p.string("IssueType"), by: call.user)
        return IssueFilterListOutput(
            Data: .init(SystemFilterList: filters.system.map(IssueFilterDTO.init), CustomFilterList: filters.custom.map(IssueFilterDTO.init)))
    }

    /// DescribeProjectIssueFieldList: the fields of issue type `IssueTypeId` or `IssueType`.
    @Sendable func describeProjectIssueFieldList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let kind: IssueKind
        if let id = try p.optionalInt("IssueTypeId"), id != 0 {
            guard let found = IssueKind(id: id) else { throw CodingError.invalidValue("IssueTypeId", "is not an issue type of the project") }
            kind = found
        } else {
            guard let type = try Self.nonEmpty(p, "IssueType") else { throw CodingError.missingParameter("IssueType") }
            guard let found = IssueKind(rawValue: type) else {
                throw CodingError.invalidValue("IssueType", "must be one of \(IssueKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = found
        }
        let settings = try await service(call).fieldSettings(projectKey: try p.string("ProjectName"), kind: kind, by: call.user)
        return ProjectIssueFieldListOutput(ProjectIssueFieldList: ProjectIssueFieldDTO.list(settings))
    }

    /// DescribeWorkbenchIssueList: the caller's open issues; `ProjectId` 0 (or none) for every project, paged (max 500).
    @Sendable func describeWorkbenchIssueList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        var kind: IssueKind?
        if let type = try Self.nonEmpty(p, "Type") {
            guard let found = IssueKind(rawValue: type) else {
                throw CodingError.invalidValue("Type", "must be one of \(IssueKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = found
        }
        let keyword = try p.optionalString("Keyword") ?? ""
        guard keyword.count <= IssueQuery.maxValueLength else { throw CodingError.invalidValue("Keyword", "is too long") }
        let (number, size) = try p.page(defaultSize: 20, maxSize: 500)
        guard number <= 100_000 else { throw CodingError.invalidValue("PageNumber", "must be 1…100000") }
        let found = try await service(call).workbench(
            projectID: try p.optionalInt("ProjectId") ?? 0, kind: kind, keyword: keyword, offset: (number - 1) * size, limit: size, by: call.user)
        let projects = try await ProjectActions().dtos(Array(found.projects.values), call)
        let byKey = Dictionary(zip(found.projects.keys, projects), uniquingKeysWith: { a, _ in a })
        let team = call.services.depots.teamName, total = found.listing.page.total
        return WorkbenchIssueListOutput(
            Data: .init(
                PageNumber: number, PageSize: size, TotalPage: (total + size - 1) / size, TotalCount: total,
                IssueList: found.listing.page.issues.map { WorkbenchIssueDTO($0, found.listing, project: byKey[$0.projectKey], team: team) }))
    }

    /// Slipway's CreateIssueCustomField: define a custom field (`Name`, `ComponentType`, `IssueTypes`,
    /// `Options` [{Title, Value}], `Description`, `Unit`, `Required`) for project administrators.
    @Sendable func createIssueCustomField(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let rawComponent = try p.string("ComponentType")
        guard let component = IssueField.Component(rawValue: rawComponent) else {
            throw CodingError.invalidValue("ComponentType", "must be one of \(IssueField.Component.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let types = try IssueConditions.strings(p, "IssueTypes")
        let kinds = try types.map { type throws(CodingError) in
            guard let kind = IssueKind(rawValue: type) else { throw .invalidValue("IssueTypes", "\(type.prefix(32)) is not an issue type") }
            return kind
        }
        var field = IssueField(projectKey: try p.string("ProjectName"), name: try p.string("Name"), component: component, kinds: kinds)
        field.description = try p.optionalString("Description") ?? ""
        field.unit = try p.optionalString("Unit") ?? ""
        field.required = p.value("Required")?.bool ?? false
        if p.value("Options") != nil {
            let items = try p.array("Options")
            guard items.count <= IssueField.maxOptions else { throw CodingError.invalidValue("Options", "must have at most \(IssueField.maxOptions) entries") }
            field.options = try items.map { item throws(CodingError) in
                guard let title = item["Title"].string, let value = item["Value"].string else {
                    throw .invalidParameter("Options", "each option needs a Title and a Value string")
                }
                return IssueField.Option(title: title, value: value)
            }
        }
        let defined = try await service(call).defineField(field, by: call.user)
        return IssueCustomFieldOutput(IssueField: IssueFieldDTO(custom: defined, try await service(call).people([defined.creatorUID])))
    }

    static func nonEmpty(_ p: ActionParameters, _ name: String) throws(CodingError) -> String? {
        guard let value = try p.optionalString(name), !value.isEmpty else { return nil }
        return value
    }
}
