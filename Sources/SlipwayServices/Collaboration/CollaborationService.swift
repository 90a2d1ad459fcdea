import Foundation
import SlipwayCore
import SlipwayStore

/// CODING project collaboration templates (issue 16): the system templates (SCRUM, CLASSIC) and
/// projects' own, and initialising a project's issue types and statuses from one, once.
/// Members read; only project administrators initialise.
package struct CollaborationService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }
    var planning: PlanningAccess { PlanningAccess(store: store) }

    /// What a project initialises from: a system template, or another project's template.
    package enum Source: Sendable {
        case system(CollaborationTemplate.Mode)
        case project(templateID: Int64)
    }

    /// A template and the numeric id of its project (0: a system template).
    package struct Listed: Sendable {
        package var template: CollaborationTemplate
        package var projectID: Int64
    }

    /// The templates of `scope`: the system ones, or the project's own (none before it is initialised).
    package func templates(projectKey: String, scope: CollaborationTemplate.Scope, by user: User) async throws -> [Listed] {
        try await planning.require(user, projectKey: projectKey, write: false)
        switch scope {
        case .global: return CollaborationTemplate.system.map { Listed(template: $0, projectID: 0) }
        case .project:
            guard let own = try await store.collaborationTemplates.get(projectKey: projectKey) else { return [] }
            return [Listed(template: own, projectID: try await store.numericIDs.projectIDs(keys: [projectKey])[projectKey] ?? 0)]
        }
    }

    /// Give a project its issue types and statuses from `source`; a project initialised before is refused.
    package func initialise(projectKey: String, from source: Source, sync: Bool, by user: User) async throws -> CollaborationTemplate {
        guard try await store.projects.get(key: projectKey) != nil,
            let access = try await store.access.access(user: user, projectKey: projectKey), access.allows(.view)
        else { throw SlipwayError.notFound("project \(projectKey) not found") }
        guard access.allows(.administer) else {
            throw SlipwayError.forbidden("initialising the collaboration of project \(projectKey) needs its administrators")
        }
        let origin: CollaborationTemplate
        switch source {
        case .system(let mode): origin = CollaborationTemplate.system(mode)
        case .project(let id):
            guard let found = try await store.collaborationTemplates.get(id: id), let key = found.projectKey,
                let other = try await store.access.access(user: user, projectKey: key), other.allows(.view)
            else { throw SlipwayError.notFound("collaboration template \(id) not found") }
            origin = found
        }
        if try await store.collaborationTemplates.get(projectKey: projectKey) != nil {
            throw SlipwayError.invalidInput("code: 22014, key: project_agile_already_init, msg: project \(projectKey) collaboration is already initialised")
        }
        let now = EpochMillis.now()
        var template = CollaborationTemplate(
            id: 0, projectKey: projectKey, mode: origin.mode, name: origin.name, description: origin.description, issueTypes: origin.issueTypes)
        template.sourceID = origin.id
        template.sync = sync
        template.creatorUID = user.uid
        template.createdAt = now
        template.updatedAt = now
        return try await store.collaborationTemplates.create(template)
    }
}
