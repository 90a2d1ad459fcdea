/// DescribeUserProjects: the projects a user belongs to.
struct UserProjectsOutput: ActionOutput {
    var ProjectList: [ProjectDTO]
}

/// A project's user group (role), as DescribeProjectRoles lists it.
struct ProjectRoleDTO: Encodable, Sendable {
    var RoleId: Int64
    /// `ProjectAdmin`, `ProjectMember` (CODING's "开发"), `ProjectGuest` (read-only) or `UserDefined`.
    var RoleType: String
    /// The role's name in the project.
    var RoleTypeName: String
}

struct ProjectRolesOutput: ActionOutput {
    var Roles: [ProjectRoleDTO]
}
