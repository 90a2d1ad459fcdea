import Foundation
import SlipwayCore
import SlipwayServices
import SlipwayStore

/// Team, current user, projects and membership (CODING §2.1). A CODING project is a Slipway
/// project: `Name` is the project key, `DisplayName` its name, `Id` its database id.
struct ProjectActions: Sendable {
    static let templates: Set<String> = ["CODE_HOST", "PROJECT_MANAGE", "DEV_OPS", "DEMO_BEGIN"]

    /// DescribeCodingProjects: projects the caller can see, optional `ProjectName` substring filter.
    @Sendable func describeCodingProjects(_ call: ActionCall) async throws -> any ActionOutput {
        let page = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let filter = try call.parameters.optionalString("ProjectName")?.lowercased() ?? ""
        var projects = try await call.store.projects.list(visibleTo: call.user, page: 1, pageSize: 100_000).items
        if !filter.isEmpty {
            projects = projects.filter { $0.key.contains(filter) || $0.name.lowercased().contains(filter) }
        }
        let slice = Array(projects.dropFirst((page.number - 1) * page.size).prefix(page.size))
        return ProjectListOutput(
            Data: .init(
                PageNumber: page.number, PageSize: page.size, TotalCount: projects.count,
                ProjectList: try await dtos(slice, call)))
    }

    /// DescribeProjectByName: `ProjectName` is the project key.
    @Sendable func describeProjectByName(_ call: ActionCall) async throws -> any ActionOutput {
        let key = try call.parameters.string("ProjectName").lowercased()
        let project = try await call.project(key: key, need: .read)
        return ProjectOutput(Project: try await dtos([project], call)[0])
    }

    /// DescribeOneProject: by numeric `ProjectId`.
    @Sendable func describeOneProject(_ call: ActionCall) async throws -> any ActionOutput {
        let (project, _) = try await call.project(id: try call.parameters.int("ProjectId"), need: .read)
        return ProjectOutput(Project: try await dtos([project], call)[0])
    }

    /// CreateCodingProject: system administrators only, as for Zadig; the creator becomes project admin.
    @Sendable func createCodingProject(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let name = try p.string("Name")
        let displayName = try p.string("DisplayName")
        guard let shared = try p.optionalBool("Shared") else { throw CodingError.missingParameter("Shared") }
        let template = try p.string("ProjectTemplate")
        guard Self.templates.contains(template) else {
            throw CodingError.invalidValue("ProjectTemplate", "must be one of \(Self.templates.sorted().joined(separator: ", "))")
        }
        if let vcs = try p.optionalString("VcsType"), !vcs.isEmpty, vcs != "git" {
            throw CodingError.invalidValue("VcsType", "only git is supported")
        }
        do { try Project.validateKey(name) } catch { throw CodingError.invalidValue("Name", error.detail) }
        guard call.user.isAdmin else { throw SlipwayError.forbidden("only system administrators create projects") }
        let project = Project(
            key: name, name: displayName, description: try p.optionalString("Description") ?? "", isPublic: shared,
            createdBy: call.user.account)
        try await DirectoryService(call.services.context).createProject(project, creator: call.user)
        guard let id = try await call.store.numericIDs.projectIDs(keys: [name])[name] else {
            throw SlipwayError.internalError("project \(name) vanished after creation")
        }
        return ProjectIdOutput(ProjectId: id)
    }

    /// DeleteOneProject: project admins. `DirectoryService.deleteProject`, the same operation as
    /// Zadig's project delete: tasks cancelled, every row and every repository of the project gone.
    @Sendable func deleteOneProject(_ call: ActionCall) async throws -> any ActionOutput {
        let (project, _) = try await call.project(id: try call.parameters.int("ProjectId"), need: .administer)
        try await DirectoryService(call.services.context).deleteProject(key: project.key, by: call.user.account)
        return NoOutput()
    }

    /// DescribeCodingCurrentUser.
    @Sendable func describeCurrentUser(_ call: ActionCall) async throws -> any ActionOutput {
        let id = try await call.store.numericIDs.userIDs(uids: [call.user.uid])[call.user.uid] ?? 0
        return CurrentUserOutput(User: CurrentUserDTO(call.user, id: id))
    }

    /// DescribeTeamMembers: every user of the server (the one team).
    @Sendable func describeTeamMembers(_ call: ActionCall) async throws -> any ActionOutput {
        let page = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let users = try await call.store.users.list(keyword: nil, page: page.number, pageSize: page.size)
        let ids = try await call.store.numericIDs.userIDs(uids: users.items.map(\.uid))
        return TeamMembersOutput(
            Data: .init(
                PageNumber: page.number, PageSize: page.size, TotalCount: users.total,
                TeamMembers: users.items.map { UserDataDTO($0, id: ids[$0.uid] ?? 0) }))
    }

    /// DescribeProjectMembers: users bound to the project directly, with their roles; `RoleId` filters.
    @Sendable func describeProjectMembers(_ call: ActionCall) async throws -> any ActionOutput {
        let page = try call.parameters.page(defaultSize: 10, maxSize: 500)
        let (project, _) = try await call.project(id: try call.parameters.int("ProjectId"), need: .read)
        let roleFilter = try call.parameters.optionalInt("RoleId")
        let roles = try await call.store.roles.list(namespace: project.key)
        let roleIDs = Dictionary(roles.map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
        var members: [(uid: String, roles: [MemberRoleDTO])] = []
        for binding in try await call.store.roles.bindings(namespace: project.key) {
            guard case .user(let uid) = binding.subject else { continue }
            let dtos = binding.roles.map { MemberRoleDTO(RoleType: "ProjectMember", RoleId: roleIDs[$0] ?? 0, RoleTypeName: $0) }
            if let roleFilter, !dtos.contains(where: { $0.RoleId == roleFilter }) { continue }
            members.append((uid, dtos))
        }
        let slice = Array(members.dropFirst((page.number - 1) * page.size).prefix(page.size))
        let ids = try await call.store.numericIDs.userIDs(uids: slice.map(\.uid))
        var out: [UserDataDTO] = []
        for member in slice {
            guard let user = try await call.store.users.find(uid: member.uid) else { continue }
            out.append(UserDataDTO(user, id: ids[member.uid] ?? 0, roles: member.roles))
        }
        return ProjectMembersOutput(
            Data: .init(
                PageNumber: page.number, PageSize: page.size, TotalCount: members.count, ProjectMembers: out))
    }

    /// The role CODING "project members" (Type 80) get: every read plus running workflows, tests
    /// and scans. It grants a mutating action, so under `DepotAccess.write` members may push.
    static let developerRole = "developer"

    /// The `developer` role as it is defined in a project on first use.
    static func developer(_ projectKey: String) -> Role {
        let actions =
            Array(ResourceCatalog.allActions.filter { $0.hasPrefix("get_") })
            + ["run_workflow", "run_test", "run_scan"].filter { ResourceCatalog.allActions.contains($0) }
        return Role(
            name: developerRole, namespace: projectKey, description: "CODING project member: read, run and push code",
            actions: actions.sorted())
    }

    /// CreateProjectMember: `Type` 90 binds `project-admin`; 80 (and 1, as CODING's example
    /// sends) binds the `developer` role, created in the project on first use. Project admins only.
    @Sendable func createProjectMember(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let type = try p.int("Type")
        let keys = try p.array("UserGlobalKeyList")
        guard !keys.isEmpty else { throw CodingError.invalidValue("UserGlobalKeyList", "must not be empty") }
        let role: String
        switch type {
        case 90: role = Role.projectAdmin
        case 80, 1: role = Self.developerRole
        default: throw CodingError.invalidValue("Type", "must be 90 (project admin) or 80 (member)")
        }
        let (project, _) = try await call.project(id: try p.int("ProjectId"), need: .administer)
        var subjects: [BindingSubject] = []
        for key in keys {
            guard case .string(let account) = key else {
                throw CodingError.invalidParameter("UserGlobalKeyList", "must be an array of strings")
            }
            guard let user = try await call.store.users.find(account: account) else {
                throw SlipwayError.notFound("user \(account) not found")
            }
            subjects.append(.user(uid: user.uid))
        }
        try await DirectoryService(call.services.context).addMembers(
            subjects, to: project.key, as: role, definingIfMissing: role == Self.developerRole ? Self.developer(project.key) : nil)
        return NoOutput()
    }

    func dtos(_ projects: [Project], _ call: ActionCall) async throws -> [ProjectDTO] {
        let ids = try await call.store.numericIDs.projectIDs(keys: projects.map(\.key))
        var owners: [String: Int64] = [:]
        for account in Set(projects.map(\.createdBy)) {
            if let user = try await call.store.users.find(account: account) {
                owners[account] = try await call.store.numericIDs.userIDs(uids: [user.uid])[user.uid]
            }
        }
        return projects.map { ProjectDTO($0, id: ids[$0.key] ?? 0, ownerID: owners[$0.createdBy] ?? 0) }
    }
}
