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

    // MARK: Any definition (build, test, scan): actions `<verb>_<kind>`

    /// Store a new definition (`create_<kind>`); its name is unique in the project.
    func create<D: QualityDefinition>(_ definition: D, by user: User, validate: (D) throws -> Void) async throws {
        try await require("create_\(D.kind)", project: definition.projectKey, user: user)
        try validate(definition)
        var definition = definition
        definition.updatedBy = user.account
        definition.updatedAt = .now()
        try await store.quality.create(definition)
    }

    /// Replace a definition (`edit_<kind>`). A credential parameter sent with an empty value keeps
    /// its stored value (answers never show it, so a client sending a definition back cannot know it).
    func update<D: QualityDefinition>(_ definition: D, by user: User, validate: (D) throws -> Void) async throws {
        try await require("edit_\(D.kind)", project: definition.projectKey, user: user)
        try validate(definition)
        guard let stored = try await store.quality.get(D.self, project: definition.projectKey, name: definition.name) else {
            throw SlipwayError.notFound("\(D.kind) \(definition.name) not found in project \(definition.projectKey)")
        }
        var definition = definition
        definition.parameters = Self.keepingCredentials(definition.parameters, stored: stored.parameters)
        definition.updatedBy = user.account
        definition.updatedAt = .now()
        try await store.quality.update(definition)
    }

    /// One definition (`get_<kind>`).
    func definition<D: QualityDefinition>(_ type: D.Type, _ name: String, project: String, user: User) async throws -> D {
        try await require("get_\(D.kind)", project: project, user: user)
        guard let found = try await store.quality.get(D.self, project: project, name: name) else {
            throw SlipwayError.notFound("\(D.kind) \(name) not found in project \(project)")
        }
        return found
    }

    /// A page of a project's definitions (`get_<kind>`).
    func definitions<D: QualityDefinition>(_ type: D.Type, project: String, page: Int, pageSize: Int, user: User) async throws -> Page<D> {
        try await require("get_\(D.kind)", project: project, user: user)
        return try await store.quality.list(D.self, project: project, page: page, pageSize: pageSize)
    }

    // MARK: Builds

    package func createBuild(_ build: BuildDefinition, by user: User) async throws {
        try await create(build, by: user, validate: Self.validate)
    }

    package func updateBuild(_ build: BuildDefinition, by user: User) async throws {
        try await update(build, by: user, validate: Self.validate)
    }

    package func build(_ name: String, project: String, user: User) async throws -> BuildDefinition {
        try await definition(BuildDefinition.self, name, project: project, user: user)
    }

    package func builds(project: String, page: Int, pageSize: Int, user: User) async throws -> Page<BuildDefinition> {
        try await definitions(BuildDefinition.self, project: project, page: page, pageSize: pageSize, user: user)
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
        // The image build step must be one the job can run (a Dockerfile in the workspace, `--build-arg` pairs).
        _ = try DockerBuildStep(postBuild: build.extras["post_build"] ?? .null)
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
