import SlipwayCore
import SlipwayGit

/// A ref the server is about to write on a user's behalf, checked against the rules the same
/// push would meet.
package enum RefWrite: Sendable {
    case branch(String, isDelete: Bool = false, isForce: Bool = false)
    case tag(String)
}

/// Ref changes made by the server for a caller (branch and tag create/delete, API commits,
/// cherry-pick, revert, rebase, merged-branch clean-up, release tags): one operation for every
/// front. The caller supplies the git change; the service applies the write policy first and
/// records and publishes what moved afterwards.
extension HostingService {
    /// Checks `writes` for `user`, runs `change` on the depot's repository, then records the ref
    /// changes it returns and publishes them as `DomainEvent.pushed`.
    package func changeRefs<Value: Sendable>(
        in depot: Depot, by user: User, checking writes: [RefWrite],
        _ change: (GitRepository) async throws -> (value: Value, events: [PushEvent])
    ) async throws -> Value {
        for write in writes {
            switch write {
            case .branch(let name, let isDelete, let isForce):
                try await checkBranchWrite(name, depot: depot, by: user, isDelete: isDelete, isForce: isForce)
            case .tag(let name):
                try await checkTagWrite(name, depot: depot, by: user)
            }
        }
        let (value, events) = try await change(try context.depots.repository(depot))
        await recordPushes(events, depot: depot)
        return value
    }

    /// `changeRefs` for a change that returns nothing but its events.
    package func changeRefs(
        in depot: Depot, by user: User, checking writes: [RefWrite],
        _ change: (GitRepository) async throws -> [PushEvent]
    ) async throws {
        try await changeRefs(in: depot, by: user, checking: writes) { repo in ((), try await change(repo)) }
    }

    /// The event of a ref the server created at `sha`.
    package static func created(_ ref: RefName, at sha: String, in repo: GitRepository, by pusher: Pusher?) -> PushEvent {
        PushEvent(
            repository: repo.path.description, ref: ref.full, before: RefFormat.zeroSHA, after: sha, pusher: pusher,
            commits: [], totalCommits: 0, created: true, deleted: false, forced: false)
    }

    /// The event of a ref the server deleted (it pointed at `sha`).
    package static func deleted(_ ref: RefName, was sha: String, in repo: GitRepository, by pusher: Pusher?) -> PushEvent {
        PushEvent(
            repository: repo.path.description, ref: ref.full, before: sha, after: RefFormat.zeroSHA, pusher: pusher,
            commits: [], totalCommits: 0, created: false, deleted: true, forced: false)
    }
}
