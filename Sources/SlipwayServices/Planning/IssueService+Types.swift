import SlipwayCore

/// The issue types and workflows a project uses: the team's system types, the same in every project.
extension IssueService {
    /// The team's issue types.
    package func teamTypes() -> [IssueKind] { IssueKind.allCases }

    /// A project's issue types, for a caller who can see the project.
    package func types(projectKey: String, by user: User) async throws -> [IssueKind] {
        try await access.require(user, projectKey: projectKey, write: false)
        return IssueKind.allCases
    }

    /// The workflow statuses of issue type `kind` in a project.
    package func statuses(projectKey: String, kind: IssueKind, by user: User) async throws -> [IssueStatus] {
        try await access.require(user, projectKey: projectKey, write: false)
        return IssueWorkflow.statuses(of: kind)
    }
}
