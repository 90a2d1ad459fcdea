import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// Zadig §1: projects.
struct ProjectController {
    let store: Store
    let access: AccessControl
    let directory: DirectoryService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("projects/project", use: create)
        group.post("projects/project/init/yaml", use: initYAML)
        group.post("projects/project/init/helm", use: initHelm)
        group.get("projects/project", use: list)
        group.get("projects/project/detail", use: detail)
        group.delete("projects/project", use: delete)
    }

    /// Create an empty project.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await ZadigInput.body(CreateProjectRequest.self, request, context)
        context.audit.note(function: "项目", projectKey: body.project_key, detail: body.project_key)
        try access.requireAdmin(context)
        guard let type = ProjectType(rawValue: body.project_type) else {
            throw ZadigError.badRequest("project_type must be one of helm, yaml, loaded")
        }
        let project = try makeProject(
            name: body.project_name, key: body.project_key, isPublic: body.is_public,
            description: body.description, type: type, context: context)
        try await withOperation(.createProject) {
            try await directory.createProject(project, creator: try access.identity(context).user)
        }
        return try JSONResponse.make(SuccessResponse())
    }

    /// Create a K8s YAML project with its services and environments.
    @Sendable func initYAML(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await initialise(request, context: context, type: .yaml)
    }

    /// Create a Helm project with its services and environments.
    @Sendable func initHelm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await initialise(request, context: context, type: .helm)
    }

    private func initialise(_ request: Request, context: AppRequestContext, type: ProjectType) async throws -> Response {
        let body = try await ZadigInput.body(InitProjectRequest.self, request, context)
        context.audit.note(
            function: "项目", projectKey: body.project_key, detail: body.project_key,
            scene: "environment", targets: body.env_list.map(\.env_key))
        try access.requireAdmin(context)
        if let given = body.project_type, given != type.rawValue {
            throw ZadigError.badRequest("project_type must be \(type.rawValue) for this endpoint")
        }
        let project = try makeProject(
            name: body.project_name, key: body.project_key, isPublic: body.is_public,
            description: body.description, type: type, context: context)
        let creator = try access.identity(context).user
        let services = try ProjectInitValidation.services(body.service_list, project: project.key, type: type, creator: creator.account)
        let environments = try ProjectInitValidation.environments(body.env_list, project: project.key, creator: creator.account)
        try await withOperation(.createProject) {
            try await directory.createProject(project, creator: creator, services: services, environments: environments)
        }
        return try JSONResponse.make(SuccessResponse())
    }

    private func makeProject(
        name: String, key: String, isPublic: Bool, description: String?, type: ProjectType, context: AppRequestContext
    ) throws -> Project {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ZadigError.badRequest("project_name is required") }
        try Project.validateKey(key)
        return Project(
            key: key, name: name, description: description ?? "", isPublic: isPublic, type: type,
            createdBy: try access.identity(context).user.account)
    }

    /// List the projects the caller can see.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let pageSize = try ZadigInput.pageQuery(request, "pageSize", default: 20)
        let pageNum = try ZadigInput.pageQuery(request, "pageNum", default: 1, max: Int(Int32.max))
        let user = try access.identity(context).user
        let page = try await withOperation(.listProjects) {
            try await store.projects.list(visibleTo: user, page: pageNum, pageSize: pageSize)
        }
        return try JSONResponse.make(ProjectListResponse(page))
    }

    /// One project's details.
    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try ZadigInput.requiredQuery(request, "projectKey")
        let project = try await withOperation(.getProject) {
            try await access.require(.view, project: key, context: context)
            guard let project = try await store.projects.get(key: key) else {
                throw SlipwayError.notFound("project \(key) not found")
            }
            return project
        }
        return try JSONResponse.make(ProjectDetailResponse(project))
    }

    /// Delete a project and everything it owns (`DirectoryService.deleteProject`, as CODING's `DeleteOneProject`).
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try ZadigInput.requiredQuery(request, "projectKey")
        context.audit.note(function: "项目", projectKey: key, detail: key)
        _ = try ZadigInput.requiredBoolQuery(request, "isDelete")
        try await withOperation(.deleteProject) {
            try await access.require(.administer, project: key, context: context)
            try await directory.deleteProject(key: key, by: try access.identity(context).user.account)
        }
        return try JSONResponse.make(SuccessResponse())
    }
}
