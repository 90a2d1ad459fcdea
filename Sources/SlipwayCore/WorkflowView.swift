/// A named selection of a project's workflows, shown together.
package struct WorkflowView: Sendable, Equatable {
    package var projectKey: String
    package var name: String
    package var workflows: [Entry]
    package var updatedBy: String
    package var updatedAt: EpochMillis

    package struct Entry: Sendable, Equatable, Codable {
        package var workflowKey: String
        package var enabled: Bool

        package init(workflowKey: String, enabled: Bool = true) {
            self.workflowKey = workflowKey
            self.enabled = enabled
        }
    }

    package init(projectKey: String, name: String, workflows: [Entry], updatedBy: String, updatedAt: EpochMillis = .now()) {
        self.projectKey = projectKey
        self.name = name
        self.workflows = workflows
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}
