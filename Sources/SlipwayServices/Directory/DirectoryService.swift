import Foundation
import SlipwayCore
import SlipwayStore

/// The directory: projects (and, through them, their depots), for every front that creates or
/// deletes one. Zadig's `/openapi/projects/project` and CODING's `CreateCodingProject` /
/// `DeleteOneProject` / `DeleteGitDepot` differ only in how they decode the call and render the
/// answer; the work is done here, once. Permission checks stay with the caller, which knows the
/// dialect's envelope for a refusal.
package struct DirectoryService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }

    /// Creates a project with its preset roles, `creator` bound as project admin, and any initial
    /// services and environments, in one transaction. `conflict` when the key is taken.
    package func createProject(
        _ project: Project, creator: User, services: [ServiceDefinition] = [], environments: [EnvironmentDefinition] = []
    ) async throws {
        try await store.projects.create(project, creatorUID: creator.uid, services: services, environments: environments)
    }

    /// Cancels every unfinished task of the project's workflows and of `workflowKeys`, in the
    /// engine, before their rows go: running ones stop (their processes are killed), waiting ones
    /// leave the queue. A task that ended meanwhile is left as it is.
    func cancelUnfinishedTasks(projectKey: String?, workflowKeys: [String], by actor: String) async throws {
        for task in try await store.tasks.unfinished(projectKey: projectKey, workflowKeys: workflowKeys) {
            do {
                try await context.engine.cancel(workflowKey: task.workflowKey, taskID: task.taskID, by: actor)
            } catch SlipwayError.notFound(_), SlipwayError.failedPrecondition(_) {
                continue
            }
        }
    }

    /// Removes a depot's repository from disk, if it is there. `rethrow` false: a failure is
    /// logged, for when the rows are already gone and the caller's answer must not change.
    func removeRepository(_ depot: Depot, rethrow: Bool) throws {
        do {
            let path = try context.depots.path(depot)
            guard context.depots.git.exists(path) else { return }
            try context.depots.git.delete(path)
        } catch {
            guard !rethrow else { throw error }
            context.logger.error(
                "directory: removing a deleted depot's repository failed",
                metadata: [
                    "depot": "\(depot.projectKey)/\(depot.name)", "error": "\(error)",
                ])
        }
    }
}
