import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// Builds, tests and code scans of a project (Zadig's quality and build modules): saving and
/// reading their definitions, running tests, their reports and the flaky-test list.
///
/// Permissions are the project's catalog actions: `get_build`, `create_build`, `edit_build`,
/// `delete_build`; `get_test` … `run_test` (the read-only role holds the `get_` ones).
package struct QualityService: Sendable {
    let context: ServiceContext
    var store: Store { context.store }

    package init(_ context: ServiceContext) {
        self.context = context
    }

    func require(_ action: String, project: String, user: User) async throws {
        try await store.access.require(.action(action), project: project, user: user)
    }

    // MARK: Builds

    /// Store a new build; its name is unique in the project.
    package func createBuild(_ build: BuildDefinition, by user: User) async throws {
        try await require("create_build", project: build.projectKey, user: user)
        try Self.validate(build)
        var build = build
        build.updatedBy = user.account
        build.updatedAt = .now()
        try await store.quality.create(build)
    }

    /// Replace a build. A credential parameter sent with an empty value keeps its stored value
    /// (answers never show it, so a client sending a build back cannot know it).
    package func updateBuild(_ build: BuildDefinition, by user: User) async throws {
        try await require("edit_build", project: build.projectKey, user: user)
        try Self.validate(build)
        guard let stored = try await store.quality.get(BuildDefinition.self, project: build.projectKey, name: build.name) else {
            throw SlipwayError.notFound("build \(build.name) not found in project \(build.projectKey)")
        }
        var build = build
        build.parameters = Self.keepingCredentials(build.parameters, stored: stored.parameters)
        build.updatedBy = user.account
        build.updatedAt = .now()
        try await store.quality.update(build)
    }

    package func build(_ name: String, project: String, user: User) async throws -> BuildDefinition {
        try await require("get_build", project: project, user: user)
        guard let build = try await store.quality.get(BuildDefinition.self, project: project, name: name) else {
            throw SlipwayError.notFound("build \(name) not found in project \(project)")
        }
        return build
    }

    package func builds(project: String, page: Int, pageSize: Int, user: User) async throws -> Page<BuildDefinition> {
        try await require("get_build", project: project, user: user)
        return try await store.quality.list(BuildDefinition.self, project: project, page: page, pageSize: pageSize)
    }

    package func deleteBuild(_ name: String, project: String, user: User) async throws {
        try await require("delete_build", project: project, user: user)
        try await store.quality.delete(BuildDefinition.self, project: project, name: name)
    }

    static func validate(_ build: BuildDefinition) throws {
        try BuildDefinition.validateName(build.name)
        try BuildDefinition.validateParameters(build.parameters)
        guard build.source == "zadig" else {
            throw SlipwayError.invalidInput("build source \(build.source) is not supported (only zadig script builds run here)")
        }
        try checkRepos(build.repos)
    }

    /// Repositories must decode as the jobs will read them.
    static func checkRepos(_ repos: [JSONValue]) throws {
        do { _ = try BuildDefinition.cloneSources(repos, overrides: []) } catch { throw SlipwayError.invalidInput("\(error)") }
    }

    /// `given`, with each credential sent empty given its stored value back.
    static func keepingCredentials(_ given: [QualityParameter], stored: [QualityParameter]) -> [QualityParameter] {
        given.map { parameter in
            guard parameter.isCredential, parameter.value.isEmpty,
                let old = stored.first(where: { $0.key == parameter.key && $0.isCredential })
            else { return parameter }
            var kept = parameter
            kept.value = old.value
            return kept
        }
    }
}
