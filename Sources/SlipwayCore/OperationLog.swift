/// One recorded mutating API call: who did what, where, and how it ended.
package struct OperationLog: Sendable, Equatable {
    package var id: Int64
    package var username: String
    package var projectKey: String
    /// The verb as Zadig shows it, e.g. `OpenAPI新建`.
    package var method: String
    /// The resource family, e.g. `项目`.
    package var function: String
    /// `environment` when the call acted on environments, else empty.
    package var scene: String
    /// Names the call acted on (environment names when `scene` is `environment`).
    package var targets: [String]
    package var detail: String
    package var requestBody: String
    /// `json`, `yaml` or empty.
    package var bodyType: String
    /// The HTTP status of the response.
    package var status: Int
    package var createdAt: EpochMillis

    package init(
        id: Int64 = 0, username: String, projectKey: String, method: String, function: String, scene: String = "",
        targets: [String] = [], detail: String, requestBody: String, bodyType: String, status: Int,
        createdAt: EpochMillis = .now()
    ) {
        self.id = id
        self.username = username
        self.projectKey = projectKey
        self.method = method
        self.function = function
        self.scene = scene
        self.targets = targets
        self.detail = detail
        self.requestBody = requestBody
        self.bodyType = bodyType
        self.status = status
        self.createdAt = createdAt
    }
}

/// Filters for listing operation logs.
package struct OperationLogQuery: Sendable {
    package var projectKey: String?
    package var username: String?
    package var function: String?
    package var status: Int?
    package var scene: String?
    package var target: String?
    package var detail: String?
    package var page: Int
    package var perPage: Int

    package init(
        projectKey: String? = nil, username: String? = nil, function: String? = nil, status: Int? = nil,
        scene: String? = nil, target: String? = nil, detail: String? = nil, page: Int = 1, perPage: Int = 20
    ) {
        self.projectKey = projectKey
        self.username = username
        self.function = function
        self.status = status
        self.scene = scene
        self.target = target
        self.detail = detail
        self.page = page
        self.perPage = perPage
    }
}

/// A page of results with the total count before paging.
package struct Page<Item: Sendable>: Sendable {
    package var items: [Item]
    package var total: Int

    package init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}
