/// One recorded mutating API call: who did what, where, and how it ended.
public struct OperationLog: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var projectKey: String
    /// The verb as Zadig shows it, e.g. `OpenAPI新建`.
    public var method: String
    /// The resource family, e.g. `项目`.
    public var function: String
    /// `environment` when the call acted on environments, else empty.
    public var scene: String
    /// Names the call acted on (environment names when `scene` is `environment`).
    public var targets: [String]
    public var detail: String
    public var requestBody: String
    /// `json`, `yaml` or empty.
    public var bodyType: String
    /// The HTTP status of the response.
    public var status: Int
    public var createdAt: EpochMillis

    public init(
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
public struct OperationLogQuery: Sendable {
    public var projectKey: String?
    public var username: String?
    public var function: String?
    public var status: Int?
    public var scene: String?
    public var target: String?
    public var detail: String?
    public var page: Int
    public var perPage: Int

    public init(
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
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int

    public init(items: [Item], total: Int) {
        self.items = items
        self.total = total
    }
}
