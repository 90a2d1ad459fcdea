import SlipwayCore

/// `ConfigTemplate`, plus (Slipway) the issue types and statuses the template gives a project.
struct ConfigTemplateDTO: Encodable, Sendable {
    struct IssueTypeDTO: Encodable, Sendable {
        struct StatusDTO: Encodable, Sendable {
            var Id: Int64
            var Name: String
            var `Type`: String
        }

        var Id: Int64
        var IssueType: String
        var Name: String
        var Statuses: [StatusDTO]
    }

    var Id: Int64
    var Code: Int64
    var CooperateMode: String
    var Description: String
    var Name: String
    var NameType: String
    var IsDraft = false
    var IsSystem: Bool
    var RelatedProjects: Int64
    var Scope: String
    var TeamId: Int64 = CodingTeam.id
    var CreatedAt: Int64
    var UpdatedAt: Int64
    var SourceTemplateId: Int64
    var Sync: Bool
    var IssueTypes: [IssueTypeDTO]

    init(_ t: CollaborationTemplate, projectID: Int64) {
        Id = t.id
        Code = t.id
        CooperateMode = t.mode.rawValue
        Description = t.description
        Name = t.name
        NameType = t.mode.rawValue
        IsSystem = t.projectKey == nil
        RelatedProjects = projectID
        Scope = t.scope.rawValue
        CreatedAt = t.createdAt
        UpdatedAt = t.updatedAt
        SourceTemplateId = t.sourceID
        Sync = t.sync
        IssueTypes = t.issueTypes.map { type in
            IssueTypeDTO(
                Id: type.kind.id, IssueType: type.kind.rawValue, Name: type.kind.name,
                Statuses: type.statusIDs.compactMap { IssueStatus.with(id: $0) }.map {
                    IssueTypeDTO.StatusDTO(Id: $0.id, Name: $0.name, Type: $0.category.rawValue)
                })
        }
    }
}

struct ConfigTemplateListOutput: ActionOutput {
    var ConfigTemplateList: [ConfigTemplateDTO]
    /// Slipway: how many templates the scope has in all (the list is one page of them).
    var TotalCount: Int
}
