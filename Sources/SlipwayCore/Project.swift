/// A project: the namespace that owns workflows, services, environments, repositories and roles.
public struct Project: Sendable, Equatable {
    /// Identifier used in URLs and APIs (Zadig `project_key`).
    public var key: String
    /// Display name (Zadig `project_name`).
    public var name: String
    public var description: String
    /// Public projects are readable by every signed-in user.
    public var isPublic: Bool
    public var type: ProjectType
    public var createdBy: String
    public var createdAt: EpochMillis
    public var updatedBy: String
    public var updatedAt: EpochMillis
    /// Planned start and end (UTC midnight, epoch ms), 0 when not set (CODING `StartDate`/`EndDate`).
    public var startDate: EpochMillis = 0
    public var endDate: EpochMillis = 0

    public init(
        key: String, name: String, description: String = "", isPublic: Bool = false, type: ProjectType = .yaml,
        createdBy: String, createdAt: EpochMillis = .now(), updatedBy: String? = nil, updatedAt: EpochMillis? = nil
    ) {
        self.key = key
        self.name = name
        self.description = description
        self.isPublic = isPublic
        self.type = type
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedBy = updatedBy ?? createdBy
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Keys are lowercase letters, digits and '-', as Zadig requires; they also name directories on disk.
    public static func validateKey(_ key: String) throws(SlipwayError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard !key.isEmpty else { throw .invalidInput("project_key is required") }
        guard key.count <= 64, key.allSatisfy({ allowed.contains($0) }), key.first != "-" else {
            throw .invalidInput("project_key must be 1-64 lowercase letters, digits or '-', not starting with '-'")
        }
    }
}

/// How a project deploys: what Zadig calls `project_type` on create.
public enum ProjectType: String, Sendable, CaseIterable {
    case yaml
    case helm
    case loaded

    /// The stored deploy type Zadig reports back (`k8s` for YAML projects).
    public var deployType: String {
        switch self {
        case .yaml: return "k8s"
        case .helm: return "helm"
        case .loaded: return "loaded"
        }
    }

    public init?(deployType: String) {
        switch deployType {
        case "k8s": self = .yaml
        case "helm": self = .helm
        case "loaded": self = .loaded
        default: return nil
        }
    }
}
