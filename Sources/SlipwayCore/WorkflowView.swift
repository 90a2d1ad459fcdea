/// A named selection of a project's workflows, shown together.
public struct WorkflowView: Sendable, Equatable {
    public var projectKey: String
    public var name: String
    public var workflows: [Entry]
    public var updatedBy: String
    public var updatedAt: EpochMillis

    public struct Entry: Sendable, Equatable, Codable {
        public var workflowKey: String
        public var enabled: Bool

        public init(workflowKey: String, enabled: Bool = true) {
            self.workflowKey = workflowKey
            self.enabled = enabled
        }
    }

    public init(projectKey: String, name: String, workflows: [Entry], updatedBy: String, updatedAt: EpochMillis = .now()) {
        self.projectKey = projectKey
        self.name = name
        self.workflows = workflows
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}
