import SlipwayCore
import SlipwayStore

extension OverviewService {
    /// A project's repositories (CODING depots), by name, when `user` may see the project (as
    /// CODING's `DescribeProjectDepotInfoList`).
    package func depots(of key: String, user: User) async throws -> [Depot] {
        try await store.access.require(.view, project: key, user: user)
        return try await store.depots.list(projectKey: key).sorted { $0.name < $1.name }
    }

    /// The Serverless Devs applications `user` may see (their own; every one for an
    /// administrator, as `GET /api/flow/application/list`), with their projects; only those of
    /// `projectKey` when given.
    package func applications(visibleTo user: User, project projectKey: String? = nil) async throws -> [ApplicationListing] {
        var found: [ApplicationListing] = []
        for app in try await store.serverlessApps.list(userID: user.isAdmin ? nil : user.uid) {
            guard let workflow = try await store.workflows.get(key: app.workflowKey) else { continue }
            if let projectKey, workflow.projectKey != projectKey { continue }
            found.append(ApplicationListing(app: app, projectKey: workflow.projectKey))
        }
        return found
    }
}
