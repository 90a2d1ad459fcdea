import SlipwayCore
import SlipwayGit

/// Creating a depot with content: from a built-in template or from another depot.
extension DepotActions {
    /// CreateDepotByTemplate: `Template` is a built-in template (`SPRING`, `ROR`, `SINATRA`,
    /// `NODEJS`, `ANDROID`, `FLASK`) or the id of a depot the caller can read, whose default
    /// branch's files (not its history) become the first commit. `UserId` is accepted and
    /// ignored: the caller is the author.
    @Sendable func createDepotByTemplate(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let template = try p.string("Template")
        let name = try p.string("DepotName")
        _ = try p.optionalInt("UserId")
        do { try Depot.validateName(name) } catch { throw CodingError.invalidValue("DepotName", error.detail) }
        let (project, _) = try await call.project(id: try p.int("ProjectId"), need: .write)
        let git = call.services.git, branch = call.services.configuration.defaultBranch, author = call.gitIdentity
        let populate: @Sendable (RepositoryPath) async throws -> Void
        if let sourceID = Int64(template) {
            guard let source = try await call.store.depots.get(id: sourceID) else {
                throw SlipwayError.notFound("template depot \(sourceID) not found")
            }
            _ = try await call.project(key: source.projectKey, need: .read)
            let repo = try call.services.repository(source)
            guard let head = try await repo.defaultBranch(),
                try await repo.resolveCommitIfPresent("refs/heads/" + head) != nil
            else { throw CodingError.invalidValue("Template", "template depot \(source.name) has no commits") }
            populate = { path in
                try await git.createCopy(
                    path, defaultBranch: branch, from: repo, branch: head,
                    message: "Initial commit from template \(source.projectKey)/\(source.name)", author: author)
            }
        } else {
            guard let files = DepotTemplates.files(template.uppercased(), depot: name) else {
                throw CodingError.invalidValue(
                    "Template", "must be one of \(DepotTemplates.names.joined(separator: ", ")) or a depot id")
            }
            populate = { path in
                try await git.create(
                    path, defaultBranch: branch, files: files,
                    message: "Initial commit from the \(template.uppercased()) template", author: author)
            }
        }
        let depot = try await reserve(call, project: project, name: name, populate: populate)
        return DepotInfoOutput(DepotInfo: try await DepotLifecycleActions.info(depot, call))
    }

    /// Stores the depot row (reserving the name), then builds its repository with `populate`;
    /// the row is removed again if the repository cannot be built.
    func reserve(
        _ call: ActionCall, project: Project, name: String, populate: @Sendable (RepositoryPath) async throws -> Void
    ) async throws -> Depot {
        let depot = try await call.store.depots.create(Depot(
            projectKey: project.key, name: name, description: try call.parameters.optionalString("Description") ?? "",
            createdBy: call.user.account))
        do {
            try await populate(try call.services.repositoryPath(depot))
        } catch {
            try? await call.store.depots.delete(id: depot.id)
            throw error
        }
        return depot
    }
}
