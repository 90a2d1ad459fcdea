import SlipwayCore
import SlipwayGit
import SlipwayStore

/// One authenticated action call: its parameters, the caller, and lookups that apply the
/// project permission rule (`DepotAccess`) on the way.
struct ActionCall: Sendable {
    let parameters: ActionParameters
    let identity: Identity
    /// `scheme://host` used for clone and web URLs.
    let baseURL: String
    let services: CodingServices

    var store: Store { services.store }
    var user: User { identity.user }

    /// A project by numeric id, after checking the caller's permission.
    func project(id: Int64, need: DepotAccess) async throws -> (project: Project, id: Int64) {
        guard let key = try await store.numericIDs.projectKey(id: id) else {
            throw SlipwayError.notFound("project \(id) not found")
        }
        let project = try await self.project(key: key, need: need)
        return (project, id)
    }

    /// A project by key (CODING's `ProjectName`), after checking the caller's permission.
    func project(key: String, need: DepotAccess) async throws -> Project {
        guard let project = try await store.projects.get(key: key),
            let access = try await store.access.access(user: user, projectKey: key)
        else { throw SlipwayError.notFound("project \(key) not found") }
        guard need.allowed(by: access) else {
            throw SlipwayError.forbidden("no permission for this operation in project \(key)")
        }
        return project
    }

    /// The depot named by `DepotId` or `DepotPath` (`team/project/depot` or the id as a
    /// string), with its repository, after checking the caller's permission. An archived depot
    /// is read-only: asking for more than `.read` fails unless `allowArchived` (the actions that
    /// archive, un-archive or delete it).
    func depot(need: DepotAccess, allowArchived: Bool = false) async throws -> (depot: Depot, repository: GitRepository) {
        let depot: Depot?
        if let id = try parameters.optionalInt("DepotId") {
            depot = try await store.depots.get(id: id)
        } else if let path = try parameters.optionalString("DepotPath"), !path.isEmpty {
            if let id = Int64(path) {
                depot = try await store.depots.get(id: id)
            } else {
                let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3, parts[0] == services.depots.teamName else {
                    throw CodingError.invalidValue("DepotPath", "must be team/project/depot or a depot id")
                }
                depot = try await store.depots.get(projectKey: parts[1], name: parts[2])
            }
        } else {
            throw CodingError.missingParameter("DepotId")
        }
        guard let depot else { throw SlipwayError.notFound("depot not found") }
        _ = try await project(key: depot.projectKey, need: need)
        if need != .read, !allowArchived { try requireWritable(depot) }
        return (depot, try services.depots.repository(depot))
    }

    /// Refuses a write to an archived depot (for writes that only need `.read`, such as notes).
    func requireWritable(_ depot: Depot) throws {
        guard !depot.isArchived else {
            throw SlipwayError.failedPrecondition("depot \(depot.name) is archived and read-only; unarchive it first")
        }
    }

    /// `https://host/<team>/<project>/<depot>.git`: the URL our smart-HTTP route serves.
    func httpsURL(_ depot: Depot) -> String {
        "\(baseURL)/\(services.depots.teamName)/\(depot.projectKey)/\(depot.name).git"
    }

    /// A read-only action as a link: `GET /open-api?Action=<name>&…` answers it like the POST.
    func actionURL(_ action: String, _ query: KeyValuePairs<String, String>) -> String {
        baseURL + ActionCall.actionPath(action, query)
    }

    static func actionPath(_ action: String, _ query: KeyValuePairs<String, String>) -> String {
        "/open-api?Action=" + action + query.map { "&\($0.key)=\($0.value)" }.joined()
    }

    /// The caller as a git author/committer/tagger.
    var gitIdentity: GitIdentity { user.gitIdentity }

    var pusher: Pusher { user.pusher }
}
