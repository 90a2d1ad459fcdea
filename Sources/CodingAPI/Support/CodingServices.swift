import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import SlipwayStore

/// Everything CODING handlers need, built once by `CodingRoutes.register`.
struct CodingServices: Sendable {
    let store: Store
    let git: GitRepositories
    let configuration: CodingConfiguration
    let events: any PushEventSink
    /// The services layer (project and depot deletion, …).
    let context: ServiceContext

    /// The on-disk address of a depot.
    func repositoryPath(_ depot: Depot) throws -> RepositoryPath {
        try RepositoryPath("\(configuration.teamName)/\(depot.projectKey)/\(depot.name)")
    }

    func repository(_ depot: Depot) throws -> GitRepository {
        try git.repository(try repositoryPath(depot))
    }

    /// Records the change on the depot (and on merge requests from the moved branches) and announces it.
    /// The first branch written to a depot whose default branch does not exist becomes the default.
    func publish(_ events: [PushEvent], depot: Depot) async {
        guard !events.isEmpty else { return }
        let createdBranches = events.filter { $0.created && $0.ref.hasPrefix("refs/heads/") }.map { String($0.ref.dropFirst(11)) }
        if !createdBranches.isEmpty, let repo = try? repository(depot) {
            _ = try? await repo.adoptDefaultBranch(amongCreated: createdBranches)
        }
        try? await store.depots.touchPush(id: depot.id)
        await trackSourcePushes(events, depot: depot)
        for event in events { await self.events.deliver(DepotPush(depot: depot, event: event)) }
    }

    /// The git identity of a Slipway user (an address is made up when the user has none).
    static func gitIdentity(_ user: User) -> GitIdentity {
        GitIdentity(name: user.name.isEmpty ? user.account : user.name,
                    email: user.email.isEmpty ? "\(user.account)@users.slipway.local" : user.email)
    }
}

/// What a caller may do with a project's repositories.
///
/// Rule: reading (clone, fetch, Describe*) needs `.view` on the project: members, system
/// admins, and everyone signed in for a public project (anonymous clone too, over HTTP).
/// Writing (push, branch/tag/commit actions, creating depots) needs a developer-level role:
/// system admin, `project-admin`, or any bound role that grants at least one mutating catalog
/// action (any action not starting with `get_`). The preset `read-only` and
/// `read-project-only` roles therefore read but never push. Deleting a depot or a project needs
/// `.administer` (project-admin or system admin).
enum DepotAccess {
    case read, write, administer

    func allowed(by access: ProjectAccess) -> Bool {
        switch self {
        case .read: return access.allows(.view)
        case .administer: return access.allows(.administer)
        case .write: return access.allowsRepositoryWrite
        }
    }
}
