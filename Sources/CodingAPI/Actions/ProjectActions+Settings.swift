import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import SlipwayStore

/// Project settings (CODING "项目设置"): editing a project, membership by user, roles.
extension ProjectActions {
    /// ModifyProject (project admins): `Name` (the key), `DisplayName`, and optionally
    /// `Description`, `StartDate`, `EndDate` (`yyyy-MM-dd`, empty clears). The numeric id stays.
    /// A new `Name` renames the project as CODING does: clone and web URLs of its depots follow
    /// (the project's repository directory moves with one `rename(2)`; the rename is undone if
    /// that fails). A project whose workflows, services or environments refer to its key cannot
    /// be renamed (`FailedOperation`).
    @Sendable func modifyProject(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let key = try p.string("Name"), displayName = try p.string("DisplayName")
        do { try Project.validateKey(key) } catch { throw CodingError.invalidValue("Name", error.detail) }
        var start: EpochMillis?, end: EpochMillis?
        if p.value("StartDate") != nil { start = try day(p, "StartDate") }
        if p.value("EndDate") != nil { end = try day(p, "EndDate") }
        let (project, _) = try await call.project(id: try p.int("ProjectId"), need: .administer)
        var edited = project
        edited.key = key
        edited.name = displayName
        if let description = try p.optionalString("Description") { edited.description = description }
        edited.startDate = start ?? project.startDate
        edited.endDate = end ?? project.endDate
        if edited.startDate != 0, edited.endDate != 0, edited.endDate < edited.startDate {
            throw CodingError.invalidValue("EndDate", "must not be before StartDate")
        }
        edited.updatedBy = call.user.account
        edited.updatedAt = .now()
        try await DirectoryService(call.services.context).modifyProject(project, to: edited)
        return NoOutput()
    }

    /// A `yyyy-MM-dd` date as UTC midnight in ms; empty is 0 ("not set").
    private func day(_ p: ActionParameters, _ name: String) throws -> EpochMillis {
        guard let date = try p.optionalDate(name) else { return 0 }
        return EpochMillis(date.timeIntervalSince1970 * 1000)
    }

    /// DescribeUserProjects: projects the user (`UserId`) holds a role in, directly or through a
    /// group, that the caller can see; `ProjectName` filters by key or display name substring.
    @Sendable func describeUserProjects(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let userID = try p.int("UserId")
        let filter = try p.optionalString("ProjectName")?.lowercased() ?? ""
        guard let uid = try await call.store.numericIDs.userUID(id: userID) else {
            throw SlipwayError.notFound("user \(userID) not found")
        }
        var projects: [Project] = []
        for project in try await call.store.projects.memberProjects(uid: uid) {
            if !filter.isEmpty, !project.key.contains(filter), !project.name.lowercased().contains(filter) { continue }
            if call.user.uid != uid, !call.user.isAdmin {
                guard let access = try await call.store.access.access(user: call.user, projectKey: project.key),
                    access.allows(.view)
                else { continue }
            }
            projects.append(project)
        }
        return UserProjectsOutput(ProjectList: try await dtos(projects, call))
    }

    /// ModifyProjectPermission (project admins): grants (`ActionFlag` true) or takes away
    /// (false) the project role `RoleId` (as DescribeProjectRoles lists it) from `UserGK`.
    @Sendable func modifyProjectPermission(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let roleID = try p.int("RoleId"), account = try p.string("UserGK")
        guard let grant = try p.optionalBool("ActionFlag") else { throw CodingError.missingParameter("ActionFlag") }
        let (project, _) = try await call.project(id: try p.int("ProjectId"), need: .administer)
        guard let role = try await call.store.roles.list(namespace: project.key).first(where: { $0.id == roleID }) else {
            throw SlipwayError.notFound("role \(roleID) not found in project \(project.key)")
        }
        let user = try await call.user(globalKey: account)
        if grant {
            try await call.store.roles.addBindings(namespace: project.key, role: role.name, subjects: [.user(uid: user.uid)])
        } else {
            try await call.store.roles.removeBinding(namespace: project.key, role: role.name, subject: .user(uid: user.uid))
        }
        return NoOutput()
    }

    /// DescribeProjectRoles: the project's roles (presets and custom ones), oldest first.
    @Sendable func describeProjectRoles(_ call: ActionCall) async throws -> any ActionOutput {
        let (project, _) = try await call.project(id: try call.parameters.int("ProjectId"), need: .read)
        return ProjectRolesOutput(
            Roles: try await call.store.roles.list(namespace: project.key).map {
                ProjectRoleDTO(RoleId: $0.id, RoleType: Self.roleType($0), RoleTypeName: $0.name)
            })
    }

    /// CODING's role type for a Slipway role.
    static func roleType(_ role: Role) -> String {
        switch role.name {
        case Role.projectAdmin: return "ProjectAdmin"
        case developerRole: return "ProjectMember"
        case Role.readOnly, Role.readProjectOnly: return "ProjectGuest"
        default: return "UserDefined"
        }
    }
}
