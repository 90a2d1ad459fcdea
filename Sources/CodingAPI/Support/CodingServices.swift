import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import SlipwayStore

/// What CODING handlers reach through: the shared services context (store, depots on disk,
/// events), the dialect's own settings, and the hosting operations every front shares.
struct CodingServices: Sendable {
    let context: ServiceContext
    let configuration: CodingConfiguration

    var store: Store { context.store }
    /// Every depot's path on disk.
    var depots: DepotLayout { context.depots }
    var git: GitRepositories { context.depots.git }
    /// Merge, close, depot creation, the ref write policy and the record of pushes.
    var hosting: HostingService { HostingService(context) }
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
