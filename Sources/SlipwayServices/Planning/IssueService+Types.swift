import SlipwayCore

/// The issue types and workflows a project uses: every system type until the project is
/// initialised from a collaboration template (`InitProjectTemplate`), then the template's types,
/// each with the statuses the template gives it.
extension IssueService {
    /// The team's issue types.
    package func teamTypes() -> [IssueKind] { IssueKind.allCases }

    /// A project's issue types, for a caller who can see the project.
    package func types(projectKey: String, by user: User) async throws -> [IssueKind] {
        try await access.require(user, projectKey: projectKey, write: false)
        guard let template = try await store.collaborationTemplates.get(projectKey: projectKey) else { return IssueKind.allCases }
        return template.issueTypes.map(\.kind)
    }

    /// The workflow statuses of issue type `kind` in a project.
    package func statuses(projectKey: String, kind: IssueKind, by user: User) async throws -> [IssueStatus] {
        try await access.require(user, projectKey: projectKey, write: false)
        guard let template = try await store.collaborationTemplates.get(projectKey: projectKey) else { return IssueWorkflow.statuses(of: kind) }
        return try Self.type(kind, of: template).statusIDs.compactMap { IssueStatus.with(id: $0) }
    }

    /// Refuse an issue of a type the project's template leaves out (a classic project has no epics).
    func checkType(_ kind: IssueKind, projectKey: String) async throws {
        guard let template = try await store.collaborationTemplates.get(projectKey: projectKey) else { return }
        _ = try Self.type(kind, of: template)
    }

    static func type(_ kind: IssueKind, of template: CollaborationTemplate) throws -> CollaborationTemplate.IssueType {
        guard let type = template.issueTypes.first(where: { $0.kind == kind }) else {
            let kinds = template.issueTypes.map(\.kind.rawValue).joined(separator: ", ")
            throw SlipwayError.invalidInput(
                "the project's collaboration template (\(template.mode.rawValue)) has no \(kind.rawValue) issues; its types are \(kinds)")
        }
        return type
    }
}
