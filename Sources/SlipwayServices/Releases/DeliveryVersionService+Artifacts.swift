import SlipwayCore
import SlipwayStore

/// Zadig §10 artifact management (`GET /api/aslan/delivery/releases`): versions with what each
/// delivers, filtered by project, workflow, task and service. Slipway's versions are made by hand
/// or from another version, never by a workflow task, so a workflow or task filter matches none.
extension DeliveryVersionService {
    /// What the caller filters on (all optional).
    package struct ArtifactFilter: Sendable {
        package var projectKey: String?
        package var workflowName: String?
        package var taskID: Int?
        package var serviceName: String?
        package var page: Int
        package var perPage: Int

        package init(projectKey: String?, workflowName: String?, taskID: Int?, serviceName: String?, page: Int, perPage: Int) {
            self.projectKey = projectKey
            self.workflowName = workflowName
            self.taskID = taskID
            self.serviceName = serviceName
            self.page = page
            self.perPage = perPage
        }
    }

    /// The versions matching `filter`, newest first. A project's need its delivery read right;
    /// every project's (no project named) are for administrators only.
    package func artifacts(_ filter: ArtifactFilter, user: User) async throws -> [DeliveryVersion] {
        if let projectKey = filter.projectKey {
            try await store.access.require(.action("get_delivery"), project: projectKey, user: user)
        } else if !user.isAdmin {
            throw SlipwayError.forbidden("listing every project's versions needs a system administrator")
        }
        if filter.workflowName != nil || filter.taskID != nil { return [] }
        return try await store.deliveryVersions.list(
            projectKey: filter.projectKey, serviceName: filter.serviceName, page: filter.page, pageSize: filter.perPage)
    }
}
