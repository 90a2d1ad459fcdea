import SlipwayCore
import SlipwayStore

/// Following task and job state changes as they happen: who may follow which workflow or project,
/// and the follow itself (over the context's `TaskEventFeed`).
package struct TaskEventService: Sendable {
    let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    /// The changes of workflow `key` (of `projectKey`, when given), if `user` may read it.
    package func scope(workflow key: String, project projectKey: String?, user: User) async throws -> TaskEventScope {
        let workflow = try await WorkflowService(context).workflow(key, project: projectKey, user: user, action: "get_workflow")
        return .workflow(workflow.key)
    }

    /// The changes of every workflow of project `key`, if `user` may read its workflows.
    package func scope(project key: String, user: User) async throws -> TaskEventScope {
        try await context.store.access.require(.action("get_workflow"), project: key, user: user)
        return .project(key)
    }

    /// Send the scope's changes after `lastID` (nil: from now) until `send` throws or the server stops.
    package func follow(_ scope: TaskEventScope, after lastID: Int?, _ send: (TaskFeedMessage) async throws -> Void) async throws {
        try await context.taskEvents.follow(scope, after: lastID, send)
    }
}
