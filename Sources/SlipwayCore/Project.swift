/// A project: the namespace that owns workflows, services, environments, repositories and roles.
package struct Project: Sendable, Equatable {
    /// Identifier used in URLs and APIs (Zadig `project_key`).
    package var key: String
    /// Display name (Zadig `project_name`).
    package var name: String
    package var description: String
    /// Public projects are readable by every signed-in user.
    package var isPublic: Bool
    package var type: ProjectType
    package var createdBy: String
    package var createdAt: EpochMillis
    package var updatedBy: String
    package var updatedAt: EpochMillis
    /// Planned start and end (UTC midnight, epoch ms), 0 when not set (CODING `StartDate`/`EndDate`).
    package var startDate: EpochMillis = 0
    package var endDate: EpochMillis = 0

    package init(
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
    package static func validateKey(_ key: String) throws(SlipwayError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard !key.isEmpty else { throw .invalidInput("project_key is required") }
        guard key.count <= 64, key.allSatisfy({ allowed.contains($0) }), key.first != "-" else {
            throw .invalidInput("project_key must be 1-64 lowercase letters, digits or '-', not starting with '-'")
        }
    }
}

/// How a project deploys: what Zadig calls `project_type` on create.
package enum ProjectType: String, Sendable, CaseIterable {
    case yaml
    case helm
    case loaded

    /// The stored deploy type Zadig reports back (`k8s` for YAML projects).
    package var deployType: String {
        switch self {
        case .yaml: return "k8s"
        case .helm: return "helm"
        case .loaded: return "loaded"
        }
    }

    package init?(deployType: String) {
        switch deployType {
        case "k8s": self = .yaml
        case "helm": self = .helm
        case "loaded": self = .loaded
        default: return nil
        }
    }
}
