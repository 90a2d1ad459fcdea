import SlipwayCore
import SlipwayGit
import SlipwayServices

/// Ref changes a CODING action makes for its caller: one `HostingService.changeRefs` operation
/// (write policy, the git change, record and publish).
extension ActionCall {
    /// Checks `writes` for the caller, runs `change`, records and publishes the ref changes.
    func changeRefs<Value: Sendable>(
        in depot: Depot, checking writes: [RefWrite],
        _ change: (GitRepository) async throws -> (value: Value, events: [PushEvent])
    ) async throws -> Value {
        try await services.hosting.changeRefs(in: depot, by: user, checking: writes, change)
    }

    /// `changeRefs` for a change that returns nothing but its events.
    func changeRefs(in depot: Depot, checking writes: [RefWrite], _ change: (GitRepository) async throws -> [PushEvent]) async throws {
        try await services.hosting.changeRefs(in: depot, by: user, checking: writes, change)
    }
}
