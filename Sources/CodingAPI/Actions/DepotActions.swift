import SlipwayCore
import SlipwayGit
import SlipwayServices

/// Repository (depot) lifecycle and lookup (CODING §2.6).
struct DepotActions: Sendable {
    /// CreateGitDepot: an empty depot (`HostingService.createDepot`: the row and the bare
    /// repository, or neither).
    @Sendable func createGitDepot(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let (project, _) = try await call.project(id: try p.int("ProjectId"), need: .write)
        let name = try p.string("DepotName")
        do { try Depot.validateName(name) } catch { throw CodingError.invalidValue("DepotName", error.detail) }
        let depot = try await create(call, project: project, name: name, seed: .empty)
        return DepotIdOutput(DepotId: depot.id)
    }

    /// DescribeGitDepot.
    @Sendable func describeGitDepot(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, repo) = try await call.depot(need: .read)
        return DepotOutput(Depot: try await dto(depot, repo, call))
    }

    /// DescribeDepotByNameInfo: `TeamGk` must be the configured team.
    @Sendable func describeDepotByNameInfo(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let team = try p.string("TeamGk"), projectName = try p.string("ProjectName"), name = try p.string("DepotName")
        guard team == call.services.depots.teamName else { throw SlipwayError.notFound("team \(team) not found") }
        _ = try await call.project(key: projectName, need: .read)
        guard let depot = try await call.store.depots.get(projectKey: projectName, name: name) else {
            throw SlipwayError.notFound("depot \(name) not found")
        }
        return DepotOutput(Depot: try await dto(depot, try call.services.depots.repository(depot), call))
    }

    /// DescribeProjectDepotInfoList: paged by `PageNumber`/`PageSize` (default: all of them).
    @Sendable func describeProjectDepotInfoList(_ call: ActionCall) async throws -> any ActionOutput {
        let (project, _) = try await call.project(id: try call.parameters.int("ProjectId"), need: .read)
        let depots = try await call.store.depots.list(projectKey: project.key)
        return DepotListOutput(DepotData: try await page(depots, call))
    }

    /// DescribeMyDepots: depots of every project the caller can see, by project key.
    @Sendable func describeMyDepots(_ call: ActionCall) async throws -> any ActionOutput {
        let projects = try await call.store.projects.list(visibleTo: call.user, page: 1, pageSize: 100_000).items
        var depots: [Depot] = []
        for project in projects.sorted(by: { $0.key < $1.key }) {
            depots += try await call.store.depots.list(projectKey: project.key)
        }
        return MyDepotsOutput(Payload: try await page(depots, call))
    }

    /// One page of `depots` as `DepotData{Depots, Page}`; without `PageSize`, `defaultSize` (nil: all).
    func page(
        _ depots: [Depot], _ call: ActionCall, defaultSize: Int? = nil, maxSize: Int = 5000
    ) async throws -> DepotListOutput.DepotData {
        let page = try call.parameters.page(
            defaultSize: defaultSize ?? max(1, min(depots.count, maxSize)), maxSize: maxSize)
        var out: [DepotDTO] = []
        for depot in depots.dropFirst((page.number - 1) * page.size).prefix(page.size) {
            out.append(try await dto(depot, try? call.services.depots.repository(depot), call))
        }
        return .init(Depots: out, Page: PageInfoDTO(number: page.number, size: page.size, total: depots.count))
    }

    /// ModifyDepotDescription (`UserId` accepted and ignored: the caller is the actor).
    @Sendable func modifyDepotDescription(_ call: ActionCall) async throws -> any ActionOutput {
        guard let description = try call.parameters.optionalString("Description") else {
            throw CodingError.missingParameter("Description")
        }
        let (depot, _) = try await call.depot(need: .write)
        try await call.store.depots.update(id: depot.id, name: depot.name, description: description)
        return NoOutput()
    }

    /// ModifyDepotName: the row and the repository are renamed together
    /// (`HostingService.renameDepot`), so the clone URL changes with the name and the id stays.
    @Sendable func modifyDepotName(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("DepotName")
        do { try Depot.validateName(name) } catch { throw CodingError.invalidValue("DepotName", error.detail) }
        let (depot, _) = try await call.depot(need: .administer)
        let renamed = try await call.services.hosting.renameDepot(depot, to: name)
        return DepotInfoOutput(DepotInfo: try await dto(renamed, try? call.services.depots.repository(renamed), call))
    }

    /// ModifyDefaultBranch (`UserId` is accepted and ignored: the caller is the actor).
    @Sendable func modifyDefaultBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let branch = try call.parameters.string("BranchName")
        let (_, repo) = try await call.depot(need: .write)
        try await repo.setDefaultBranch(branch)
        return NoOutput()
    }

    /// DescribeDepotDefaultBranch.
    @Sendable func describeDepotDefaultBranch(_ call: ActionCall) async throws -> any ActionOutput {
        let (_, repo) = try await call.depot(need: .read)
        return BranchNameOutput(BranchName: try await repo.defaultBranch() ?? "")
    }

    /// A depot's `DepotInfo` (`DefaultBranch` empty when the repository is missing).
    func dto(_ depot: Depot, _ repo: GitRepository?, _ call: ActionCall) async throws -> DepotDTO {
        let projectID = try await call.projectID(depot.projectKey)
        return DepotDTO(
            Id: depot.id, Name: depot.name, HttpsUrl: call.httpsURL(depot), ProjectId: projectID,
            SshUrl: "", WebUrl: call.httpsURL(depot), ProjectName: depot.projectKey,
            Description: depot.description, CreatedAt: depot.createdAt, LastPushAt: depot.lastPushAt,
            DefaultBranch: try await repo?.defaultBranch() ?? "", GroupId: projectID, GroupName: depot.projectKey,
            Archived: depot.isArchived)
    }
}
