/// A project role: a named set of actions, scoped to one project (its `namespace`).
package struct Role: Sendable, Equatable {
    package var id: Int64
    package var name: String
    /// The project key the role belongs to.
    package var namespace: String
    package var description: String
    /// `system` for the preset roles, `custom` otherwise.
    package var type: String
    package var actions: [String]

    package init(id: Int64 = 0, name: String, namespace: String, description: String = "", type: String = "custom", actions: [String]) {
        self.id = id
        self.name = name
        self.namespace = namespace
        self.description = description
        self.type = type
        self.actions = actions
    }

    package static let projectAdmin = "project-admin"
    package static let readOnly = "read-only"
    package static let readProjectOnly = "read-project-only"

    /// The preset roles every project gets on creation.
    package static func presets(namespace: String) -> [Role] {
        let reads = ResourceCatalog.kubernetes.flatMap { $0.actions.map(\.action) }.filter { $0.hasPrefix("get_") }
        return [
            Role(
                name: projectAdmin, namespace: namespace, description: "拥有项目的所有权限", type: "system",
                actions: ResourceCatalog.kubernetes.flatMap { $0.actions.map(\.action) }),
            Role(name: readOnly, namespace: namespace, description: "拥有项目的只读权限", type: "system", actions: reads),
            Role(name: readProjectOnly, namespace: namespace, description: "仅能查看项目", type: "system", actions: []),
        ]
    }

    /// Role names follow the same rules as project keys, plus underscores.
    package static func validateName(_ name: String) throws(SlipwayError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidInput("role name must be 1-64 letters, digits, '-' or '_'")
        }
    }

    /// Every action must exist in the catalog.
    package static func validateActions(_ actions: [String]) throws(SlipwayError) {
        if let unknown = actions.first(where: { !ResourceCatalog.allActions.contains($0) }) {
            throw .invalidInput("unknown action \(unknown)")
        }
    }
}

/// Who a role binding grants roles to.
package enum BindingSubject: Sendable, Hashable {
    case user(uid: String)
    case group(gid: String)

    package var typeName: String {
        switch self {
        case .user: return "user"
        case .group: return "group"
        }
    }

    package var id: String {
        switch self {
        case .user(let uid): return uid
        case .group(let gid): return gid
        }
    }
}

/// The roles one subject holds in one project.
package struct RoleBinding: Sendable, Equatable {
    package var namespace: String
    package var subject: BindingSubject
    package var roles: [String]

    package init(namespace: String, subject: BindingSubject, roles: [String]) {
        self.namespace = namespace
        self.subject = subject
        self.roles = roles
    }
}
