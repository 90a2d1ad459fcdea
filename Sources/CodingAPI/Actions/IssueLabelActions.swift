import SlipwayCore
import SlipwayServices

/// CODING project labels and issue modules (issue 16), over `IssueService`: labels are named by
/// `ProjectId`, modules by `ProjectName`, as the vendor's actions do.
struct IssueLabelActions: Sendable {
    func service(_ call: ActionCall) -> IssueService { IssueService(call.services.context) }

    /// CreateProjectLabel: `ProjectId`, `Name`, `Color` (`#RRGGBB`) → `Label`.
    @Sendable func createProjectLabel(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let projectID = try p.int("ProjectId")
        let (name, color) = (try p.string("Name"), try p.string("Color"))
        let issues = service(call)
        let made = try await issues.createLabel(projectKey: try await issues.projectKey(id: projectID), name: name, color: color, by: call.user)
        return ProjectLabelOutput(Label: ProjectLabelDTO(made.labels[0], projectID: projectID, made.people))
    }

    /// ModifyProjectLabel: `ProjectId`, `LabelId`, `Name`, `Color` → `Label`.
    @Sendable func modifyProjectLabel(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let projectID = try p.int("ProjectId"), labelID = try p.int("LabelId")
        let (name, color) = (try p.string("Name"), try p.string("Color"))
        let issues = service(call)
        let changed = try await issues.modifyLabel(
            projectKey: try await issues.projectKey(id: projectID), id: labelID, name: name, color: color, by: call.user)
        return ProjectLabelOutput(Label: ProjectLabelDTO(changed.labels[0], projectID: projectID, changed.people))
    }

    /// DeleteProjectLabel: `ProjectId`, `LabelId` → `Succeed` and the deleted `Label` (the
    /// vendor's schema requires it, its example leaves it out).
    @Sendable func deleteProjectLabel(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let projectID = try p.int("ProjectId"), labelID = try p.int("LabelId")
        let issues = service(call)
        let deleted = try await issues.deleteLabel(projectKey: try await issues.projectKey(id: projectID), id: labelID, by: call.user)
        return ProjectLabelDeletedOutput(Succeed: true, Label: ProjectLabelDTO(deleted.labels[0], projectID: projectID, deleted.people))
    }

    /// DescribeAllProjectLabels: `ProjectId` → `Labels`.
    @Sendable func describeAllProjectLabels(_ call: ActionCall) async throws -> any ActionOutput {
        let projectID = try call.parameters.int("ProjectId")
        let issues = service(call)
        let list = try await issues.labels(projectKey: try await issues.projectKey(id: projectID), by: call.user)
        return ProjectLabelsOutput(Labels: list.labels.map { ProjectLabelDTO($0, projectID: projectID, list.people) })
    }

    /// DescribeProjectLabels: `Label` (a label name) → `ProjectList`, the projects the caller can
    /// see having a label of that name.
    @Sendable func describeProjectLabels(_ call: ActionCall) async throws -> any ActionOutput {
        let projects = try await service(call).projects(labelNamed: try call.parameters.string("Label"), by: call.user)
        return UserProjectsOutput(ProjectList: try await ProjectActions().dtos(projects, call))
    }

    /// CreateIssueModule: `ProjectName`, `Name` → `IssueModule`.
    @Sendable func createIssueModule(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let (project, name) = (try p.string("ProjectName"), try p.string("Name"))
        let module = try await service(call).createModule(projectKey: project, name: name, by: call.user)
        return IssueModuleOutput(IssueModule: IssueNamedDTO(module))
    }

    /// DeleteIssueModule: `ProjectName`, `ModuleId`.
    @Sendable func deleteIssueModule(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let (project, id) = (try p.string("ProjectName"), try p.int("ModuleId"))
        try await service(call).deleteModule(projectKey: project, id: id, by: call.user)
        return NoOutput()
    }

    /// DescribeIssueModuleList: `ProjectName` → `IssueModules`.
    @Sendable func describeIssueModuleList(_ call: ActionCall) async throws -> any ActionOutput {
        let modules = try await service(call).modules(projectKey: try call.parameters.string("ProjectName"), by: call.user)
        return IssueModulesOutput(IssueModules: modules.map(IssueNamedDTO.init))
    }
}
