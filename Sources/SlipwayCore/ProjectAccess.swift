/// What a caller is asking to do in a project.
package enum ProjectPermission: Sendable, Equatable {
    /// See that the project exists and read its basic details.
    case view
    /// Manage the project itself: delete it, manage its roles and bindings.
    case administer
    /// A catalog action such as `run_workflow`.
    case action(String)
}

/// The facts needed to decide a project permission, gathered by the store; the decision is pure.
package struct ProjectAccess: Sendable {
    package var isSystemAdmin: Bool
    package var projectIsPublic: Bool
    /// Roles bound to the user directly or through a group (including the all-users group).
    package var roles: [Role]

    package init(isSystemAdmin: Bool, projectIsPublic: Bool, roles: [Role]) {
        self.isSystemAdmin = isSystemAdmin
        self.projectIsPublic = projectIsPublic
        self.roles = roles
    }

    /// Zadig semantics: admins do anything; project-admin does anything in the project; a public
    /// project gives every user the read-only role; otherwise the union of bound roles' actions.
    package func allows(_ permission: ProjectPermission) -> Bool {
        if isSystemAdmin || roles.contains(where: { $0.name == Role.projectAdmin }) { return true }
        switch permission {
        case .view:
            return projectIsPublic || !roles.isEmpty
        case .administer:
            return false
        case .action(let action):
            if projectIsPublic && action.hasPrefix("get_") { return true }
            return roles.contains { $0.actions.contains(action) }
        }
    }
}

extension ProjectAccess {
    /// Developer level: push to the project's repositories and deploy from them. System admins,
    /// project admins, and any bound role granting at least one mutating catalog action (one not
    /// starting with `get_`); the preset read-only roles never qualify.
    package var allowsRepositoryWrite: Bool {
        allows(.administer) || roles.contains { $0.actions.contains { !$0.hasPrefix("get_") } }
    }
}
