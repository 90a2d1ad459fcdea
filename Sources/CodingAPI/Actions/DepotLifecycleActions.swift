import SlipwayCore
import SlipwayGit
import SlipwayServices

/// Deleting, archiving, moving and team-wide listing of depots (CODING §2.6).
struct DepotLifecycleActions: Sendable {
    /// DeleteGitDepot: project admins only, archived or not. `DirectoryService.deleteDepot`: the
    /// tasks of Serverless Devs applications bound to it stop, the repository disappears first,
    /// then the rows (the applications, with the workflows they run as, included).
    @Sendable func deleteGitDepot(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _) = try await call.depot(need: .administer, allowArchived: true)
        try await DirectoryService(call.services.context).deleteDepot(depot, by: call.user.account)
        return NoOutput()
    }

    /// ModifyGitDepotArchive: the depot becomes read-only (pushes and API writes are refused,
    /// reads and clones keep working). Project admins; archiving twice is harmless.
    @Sendable func modifyGitDepotArchive(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _) = try await call.depot(need: .administer, allowArchived: true)
        try await call.store.depots.setArchived(id: depot.id, true)
        return NoOutput()
    }

    /// ModifyGitDepotUnarchive: writable again.
    @Sendable func modifyGitDepotUnarchive(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, _) = try await call.depot(need: .administer, allowArchived: true)
        try await call.store.depots.setArchived(id: depot.id, false)
        return NoOutput()
    }

    /// ModifyGitTransfer: moves the depot to `TargetProjectId` (admin of the source project,
    /// write access to the target). The row moves first, then the bare repository with one
    /// `rename(2)`; if that fails the row moves back. The id stays, so merge requests,
    /// protection rules, statuses, keys and releases stay attached; the clone URL changes and
    /// the old one stops resolving. Returns the new web path, as CODING does.
    @Sendable func modifyGitTransfer(_ call: ActionCall) async throws -> any ActionOutput {
        let targetID = try call.parameters.int("TargetProjectId")
        let (depot, _) = try await call.depot(need: .administer)
        let (target, _) = try await call.project(id: targetID, need: .write)
        guard target.key != depot.projectKey else {
            throw CodingError.invalidValue("TargetProjectId", "the depot already belongs to project \(target.key)")
        }
        _ = try await call.services.hosting.transferDepot(depot, to: target.key)
        return NewDepotPathOutput(NewDepotPath: "/p/\(target.key)/d/\(depot.name)/git")
    }

    /// DescribeTeamDepotInfoList: depots of every project the caller can see (CODING limits
    /// this call to team owners and admins, who see all of them), filtered by project
    /// (`ProjectName`, or `GroupName` as the document's table calls it) and `DepotName`
    /// substrings, ordered by project then creation, paged with `Page{…,TotalPage,TotalRow}`.
    @Sendable func describeTeamDepotInfoList(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let projectFilter = (try p.optionalString("ProjectName") ?? p.optionalString("GroupName") ?? "").lowercased()
        let depotFilter = (try p.optionalString("DepotName") ?? "").lowercased()
        var projects = try await call.store.projects.list(visibleTo: call.user, page: 1, pageSize: 100_000).items
        if !projectFilter.isEmpty {
            projects = projects.filter { $0.key.contains(projectFilter) || $0.name.lowercased().contains(projectFilter) }
        }
        var depots = try await call.store.depots.list(projectKeys: projects.map(\.key))
        if !depotFilter.isEmpty { depots = depots.filter { $0.name.lowercased().contains(depotFilter) } }
        return DepotListOutput(DepotData: try await DepotActions().page(depots, call, defaultSize: 10))
    }

    /// The full `DepotInfo` of a depot.
    static func info(_ depot: Depot, _ call: ActionCall) async throws -> DepotDTO {
        try await DepotActions().dto(depot, try? call.services.depots.repository(depot), call)
    }
}
