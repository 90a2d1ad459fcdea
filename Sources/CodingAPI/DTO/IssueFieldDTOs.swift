import SlipwayCore
import SlipwayServices

/// `IssueFieldOption`.
struct IssueFieldOptionDTO: Encodable, Sendable {
    var Icon = ""
    var Sort: Int
    var Title: String
    var Value: String
}

/// `IssueField`: a system field (`Type` its name, not editable) or a custom one (`Type` CUSTOM).
struct IssueFieldDTO: Encodable, Sendable {
    var Id: Int64
    var TeamId: Int64 = CodingTeam.id
    var Name: String
    var IconUrl = ""
    var `Type`: String
    var ComponentType: String
    var Description: String
    var Options: [IssueFieldOptionDTO]
    var Unit: String
    var Selectable: Bool
    var Required: Bool
    var Editable: Bool
    var Deletable: Bool
    var Sortable = true
    var CreatedBy: Int64
    var CreatedAt: Int64
    var UpdatedAt: Int64

    static func options(_ options: [IssueField.Option]) -> [IssueFieldOptionDTO] {
        options.enumerated().map { IssueFieldOptionDTO(Sort: $0.offset, Title: $0.element.title, Value: $0.element.value) }
    }

    init(system f: SystemIssueField, since: Int64) {
        Id = f.id
        Name = f.name
        Type = f.type
        ComponentType = f.component.rawValue
        Description = ""
        Options = Self.options(f.options)
        Unit = f.type == "WORKING_HOURS" ? "小时" : ""
        (Selectable, Required, Editable, Deletable) = (false, false, false, false)
        CreatedBy = 0
        (CreatedAt, UpdatedAt) = (since, since)
    }

    init(custom f: IssueField, _ people: PlanningPeople) {
        Id = f.id
        Name = f.name
        Type = "CUSTOM"
        ComponentType = f.component.rawValue
        Description = f.description
        Options = Self.options(f.options)
        Unit = f.unit
        (Selectable, Required, Editable, Deletable) = (true, f.required, true, true)
        CreatedBy = people.id(f.creatorUID)
        (CreatedAt, UpdatedAt) = (f.createdAt, f.updatedAt)
    }
}

/// `ProjectIssueField`: a field as an issue type of the project uses it.
struct ProjectIssueFieldDTO: Encodable, Sendable {
    var IssueFieldId: Int64
    var NeedDefault: Bool
    var ValueString: String
    var IssueType: String
    var Required: Bool
    var IssueField: IssueFieldDTO
    var CreatedAt: Int64
    var UpdatedAt: Int64

    static func list(_ settings: IssueFieldSettings) -> [ProjectIssueFieldDTO] {
        let type = settings.kind.rawValue
        let system = settings.system.map { f in
            ProjectIssueFieldDTO(
                IssueFieldId: f.id, NeedDefault: !f.defaultValue.isEmpty, ValueString: f.defaultValue, IssueType: type, Required: false,
                IssueField: IssueFieldDTO(system: f, since: settings.since), CreatedAt: settings.since, UpdatedAt: settings.since)
        }
        let custom = settings.custom.map { f in
            ProjectIssueFieldDTO(
                IssueFieldId: f.id, NeedDefault: false, ValueString: "", IssueType: type, Required: f.required,
                IssueField: IssueFieldDTO(custom: f, settings.people), CreatedAt: f.createdAt, UpdatedAt: f.updatedAt)
        }
        return system + custom
    }
}

struct ProjectIssueFieldListOutput: ActionOutput {
    var ProjectIssueFieldList: [ProjectIssueFieldDTO]
}

/// Slipway's CreateIssueCustomField: the field defined.
struct IssueCustomFieldOutput: ActionOutput {
    var IssueField: IssueFieldDTO
}
