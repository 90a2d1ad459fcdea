import SlipwayCore
import SlipwayStore

/// Team build templates (Zadig's `/api/aslan/template/build`): system administrators keep them,
/// any signed-in user reads them, and a project's build can be made from one.
extension QualityService {
    /// Store a new template (administrators); its name is unique. Returns its id.
    package func createBuildTemplate(_ build: BuildDefinition, by user: User) async throws -> Int64 {
        let build = try Self.preparedTemplate(build, by: user)
        return try await store.quality.createBuildTemplate(build)
    }

    /// Replace template `id` (administrators). A credential parameter sent with an empty value
    /// keeps its stored value, as a build's update does.
    package func updateBuildTemplate(id: Int64, _ build: BuildDefinition, by user: User) async throws {
        var build = try Self.preparedTemplate(build, by: user)
        let stored = try await buildTemplate(id: id)
        build.parameters = Self.keepingCredentials(build.parameters, stored: stored.build.parameters)
        try await store.quality.updateBuildTemplate(id: id, build)
    }

    package func buildTemplate(id: Int64) async throws -> BuildTemplate {
        guard let found = try await store.quality.buildTemplate(id: id) else { throw SlipwayError.notFound("build template \(id) not found") }
        return found
    }

    package func buildTemplate(named name: String) async throws -> BuildTemplate {
        guard let found = try await store.quality.buildTemplate(named: name) else {
            throw SlipwayError.notFound("build template \(name) not found")
        }
        return found
    }

    /// The build `name` of project `projectKey` made from template `template`: the template's
    /// script, repositories and parameters, with each target's parameter values (by key) and
    /// repository branches (by repository name) applied; values for keys or repositories the
    /// template does not have are ignored. The caller creates it (`createBuild`).
    package func build(fromTemplate template: String, name: String, projectKey: String, targets: [BuildTemplateTarget]) async throws
        -> BuildDefinition
    {
        var build = try await buildTemplate(named: template).build
        build.projectKey = projectKey
        build.name = name
        build.templateName = template
        build.targetServices = targets.map(\.service)
        for target in targets {
            for (key, value) in target.inputs {
                guard let index = build.parameters.firstIndex(where: { $0.key == key }) else { continue }
                build.parameters[index].value = value
            }
            for (repository, branch) in target.branches {
                guard let index = build.repos.firstIndex(where: { $0["repo_name"] == repository }) else { continue }
                build.repos[index]["branch"] = branch
            }
        }
        return build
    }

    /// The builds made from template `id` that `user` may read (`get_build` in their project;
    /// administrators read every project's), as Zadig's template reference list.
    package func buildTemplateReferences(id: Int64, user: User) async throws -> [BuildTemplateReference] {
        let template = try await buildTemplate(id: id)
        var readable: [String: Bool] = [:]
        var visible: [BuildTemplateReference] = []
        for reference in try await store.quality.builds(madeFrom: template.name) {
            if readable[reference.projectKey] == nil {
                let access = try await store.access.access(user: user, projectKey: reference.projectKey)
                readable[reference.projectKey] = access?.allows(.action("get_build")) ?? false
            }
            if readable[reference.projectKey] == true { visible.append(reference) }
        }
        return visible
    }

    package func buildTemplates(page: Int, pageSize: Int) async throws -> Page<BuildTemplate> {
        try await store.quality.buildTemplates(page: page, pageSize: pageSize)
    }

    /// Remove a template (administrators). As in Zadig, not while a build made from it remains.
    package func deleteBuildTemplate(id: Int64, by user: User) async throws {
        try Self.requireTemplateAdmin(user)
        let template = try await buildTemplate(id: id)
        let users = try await store.quality.builds(madeFrom: template.name)
        guard users.isEmpty else {
            throw SlipwayError.invalidInput("template build has been used by \(users.count) build(s), can't be deleted")
        }
        try await store.quality.deleteBuildTemplate(id: id)
    }

    static func requireTemplateAdmin(_ user: User) throws {
        guard user.isAdmin else { throw SlipwayError.forbidden("build templates are kept by system administrators") }
    }

    /// The body checked as a template and as a build's body (source, repositories), owned by no project.
    static func preparedTemplate(_ build: BuildDefinition, by user: User) throws -> BuildDefinition {
        try requireTemplateAdmin(user)
        try BuildTemplate.validate(build)
        guard build.source == "zadig" else {
            throw SlipwayError.invalidInput("build source \(build.source) is not supported (only zadig script builds run here)")
        }
        try checkRepos(build.repos)
        var build = build
        build.projectKey = ""
        build.templateName = ""
        build.updatedBy = user.account
        build.updatedAt = .now()
        return build
    }
}

/// One target of a build made from a template: its service, the parameter values it sets (by
/// key) and the branches it picks (by repository name, as the template's repositories hold them).
package struct BuildTemplateTarget: Sendable {
    package var service: ServiceModuleRef
    package var inputs: [(key: String, value: String)]
    package var branches: [(repository: JSONValue, branch: JSONValue)]

    package init(service: ServiceModuleRef, inputs: [(key: String, value: String)], branches: [(repository: JSONValue, branch: JSONValue)]) {
        self.service = service
        self.inputs = inputs
        self.branches = branches
    }
}
