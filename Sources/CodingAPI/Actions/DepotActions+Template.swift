import SlipwayCore
import SlipwayGit
import SlipwayServices

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
        let seed: DepotSeed
        if let sourceID = Int64(template) {
            guard let source = try await call.store.depots.get(id: sourceID) else {
                throw SlipwayError.notFound("template depot \(sourceID) not found")
            }
            _ = try await call.project(key: source.projectKey, need: .read)
            seed = .snapshot(of: source, message: "Initial commit from template \(source.projectKey)/\(source.name)")
        } else {
            guard let files = DepotTemplates.files(template.uppercased(), depot: name) else {
                throw CodingError.invalidValue(
                    "Template", "must be one of \(DepotTemplates.names.joined(separator: ", ")) or a depot id")
            }
            seed = .files(files, message: "Initial commit from the \(template.uppercased()) template")
        }
        let depot = try await create(call, project: project, name: name, seed: seed)
        return DepotInfoOutput(DepotInfo: try await DepotLifecycleActions.info(depot, call))
    }

    /// A depot of `project` named `name`, described by `Description`, made by the caller
    /// (`HostingService.createDepot`: the row and the seeded repository, or neither).
    func create(_ call: ActionCall, project: Project, name: String, seed: DepotSeed) async throws -> Depot {
        let depot = Depot(
            projectKey: project.key, name: name, description: try call.parameters.optionalString("Description") ?? "",
            createdBy: call.user.account)
        return try await call.services.hosting.createDepot(
            depot, defaultBranch: call.services.configuration.defaultBranch, seed: seed, author: call.gitIdentity)
    }
}
