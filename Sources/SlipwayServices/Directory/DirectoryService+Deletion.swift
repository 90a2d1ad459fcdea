import Foundation
import SlipwayCore
import SlipwayStore

/// The one delete path for projects and depots, whichever dialect calls it.
extension DirectoryService {
    /// Deletes a project and everything in it: its unfinished tasks are cancelled in the engine,
    /// then its rows go in one transaction (the foreign keys cascade to workflows, tasks, views,
    /// approval tickets, roles, depots and everything hanging off those, Serverless Devs
    /// applications bound to its depots included), then its repositories leave the disk.
    /// Publishes `.depotDeleted` for each depot, then `.projectDeleted`. `notFound` when there is
    /// no such project.
    package func deleteProject(key: String, by actor: String) async throws {
        guard try await store.projects.get(key: key) != nil else { throw SlipwayError.notFound("project \(key) not found") }
        var boundWorkflows: [String] = []
        for depot in try await store.depots.list(projectKey: key) {
            boundWorkflows += try await store.serverlessApps.list(depotID: depot.id).map(\.workflowKey)
        }
        let workflows = try await store.workflows.list(projectKey: key).map(\.key) + boundWorkflows
        try await cancelUnfinishedTasks(projectKey: key, workflowKeys: boundWorkflows, by: actor)
        // Its wiki repository and uploaded files are found through rows that are about to go.
        let wiki = try? await WikiStorage(context).directory(projectKey: key)
        let uploads = try await store.uploads.keys(projectKey: key)
        let depots = try await store.projects.delete(key: key)
        if let wiki { WikiStorage.remove(directory: wiki) }
        for upload in uploads { await UploadStore(context).discard(key: upload) }
        // A task a trigger started since the cancellations above must not outlive its rows.
        await context.engine.forgetDeleted(workflowKeys: Set(workflows), by: actor)
        for depot in depots { try removeRepository(depot, rethrow: false) }
        removeProjectDirectory(key)
        for depot in depots { await context.events.publish(.depotDeleted(depot)) }
        await context.events.publish(.projectDeleted(key: key))
    }

    /// Deletes a depot: the tasks of the Serverless Devs applications bound to it are cancelled,
    /// its repository leaves the disk, then its rows go in one transaction (merge requests,
    /// rules, statuses, keys, releases, comments, and the bound applications with their
    /// dispatches and the workflows they run as). Publishes `.depotDeleted`.
    package func deleteDepot(_ depot: Depot, by actor: String) async throws {
        let boundWorkflows =
            try await store.serverlessApps.list(depotID: depot.id).map(\.workflowKey)
            + store.ci.jobs(depotID: depot.id).map(\.workflowKey)  // CI jobs' workflows go on `.depotDeleted` (CIService)
        try await cancelUnfinishedTasks(projectKey: nil, workflowKeys: boundWorkflows, by: actor)
        // The repository goes first: if that fails the depot is still whole, and can be deleted again.
        try removeRepository(depot, rethrow: true)
        try await store.depots.delete(id: depot.id)
        await context.engine.forgetDeleted(workflowKeys: Set(boundWorkflows), by: actor)
        await context.events.publish(.depotDeleted(depot))
    }

    /// What is left of the project's directory on disk (a repository whose delete failed, a stray file).
    private func removeProjectDirectory(_ key: String) {
        do {
            let directory = try context.depots.projectDirectory(key)
            guard FileManager.default.fileExists(atPath: directory) else { return }
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            context.logger.error(
                "directory: removing a deleted project's directory failed",
                metadata: [
                    "project": "\(key)", "error": "\(error)",
                ])
        }
    }
}
