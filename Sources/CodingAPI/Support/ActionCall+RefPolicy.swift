import SlipwayCore
import SlipwayGit
import SlipwayServices

/// The hosting ref write policy (`HostingService.checkBranchWrite`/`checkTagWrite`), applied
/// to the caller of a CODING action.
extension ActionCall {
    /// Refuses (`forbidden`) an API write to `branch` that the same push by the caller would be refused for.
    func checkBranchWrite(
        _ branch: String, depot: Depot, isDelete: Bool = false, isForce: Bool = false, viaMergeRequest: Bool = false
    ) async throws {
        try await services.hosting.checkBranchWrite(
            branch, depot: depot, by: user, isDelete: isDelete, isForce: isForce, viaMergeRequest: viaMergeRequest)
    }

    /// Refuses (`forbidden`) creating, moving or deleting a protected tag unless the caller administers the project.
    func checkTagWrite(_ tag: String, depot: Depot) async throws {
        try await services.hosting.checkTagWrite(tag, depot: depot, by: user)
    }

    /// Records ref changes the call made and announces them (`HostingService.recordPushes`).
    func recordPushes(_ events: [PushEvent], depot: Depot) async {
        await services.hosting.recordPushes(events, depot: depot)
    }
}
