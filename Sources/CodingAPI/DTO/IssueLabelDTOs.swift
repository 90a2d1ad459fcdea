import SlipwayCore
import SlipwayServices

/// `ProjectLabelLabels`: a project label as the label actions answer it.
struct ProjectLabelDTO: Encodable, Sendable {
    var Id: Int64
    var ProjectId: Int64
    var Name: String
    var Color: String
    var CreatorId: Int64

    init(_ label: IssueLabel, projectID: Int64, _ people: PlanningPeople) {
        Id = label.id
        ProjectId = projectID
        Name = label.name
        Color = label.color
        CreatorId = people.id(label.creatorUID)
    }
}

/// `IssueProjectLabel`: a label as an issue carries it.
struct IssueLabelDTO: Encodable, Sendable {
    var Id: Int64
    var Name: String
    var Color: String

    init(_ label: IssueLabel) {
        Id = label.id
        Name = label.name
        Color = label.color
    }
}

/// CreateProjectLabel, ModifyProjectLabel: `Label`.
struct ProjectLabelOutput: ActionOutput {
    var Label: ProjectLabelDTO
}

/// DescribeAllProjectLabels: `Labels`.
struct ProjectLabelsOutput: ActionOutput {
    var Labels: [ProjectLabelDTO]
}

/// DeleteProjectLabel: `Succeed`, and the label deleted.
struct ProjectLabelDeletedOutput: ActionOutput {
    var Succeed: Bool
    var Label: ProjectLabelDTO
}

/// CreateIssueModule: `IssueModule`.
struct IssueModuleOutput: ActionOutput {
    var IssueModule: IssueNamedDTO
}

/// DescribeIssueModuleList: `IssueModules`.
struct IssueModulesOutput: ActionOutput {
    var IssueModules: [IssueNamedDTO]
}

extension IssueNamedDTO {
    init(_ module: IssueModule) {
        self.init(Id: module.id, Name: module.name)
    }
}
