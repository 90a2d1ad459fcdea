import SlipwayCore
import SlipwayGit
import SlipwayStore

/// The ref write policy: one rule set (`RefRules`) for pushes and for API writes.
extension HostingService {
    /// Refuses (`forbidden`) an API write to `branch` that the same push by `user` would be refused for.
    package func checkBranchWrite(
        _ branch: String, depot: Depot, by user: User, isDelete: Bool = false, isForce: Bool = false,
        viaMergeRequest: Bool = false
    ) async throws {
        let short = try RefFormat.branchRef(branch).shortName
        let rules = try await RefRules.load(store, depotID: depot.id)
        if let why = rules.branchRefusal(
            short, isDelete: isDelete, isForce: isForce, userUID: user.uid, viaMergeRequest: viaMergeRequest)
        {
            throw SlipwayError.forbidden(why)
        }
    }

    /// Refuses (`forbidden`) creating, moving or deleting a protected tag unless `user` administers the project.
    package func checkTagWrite(_ tag: String, depot: Depot, by user: User) async throws {
        let short = try RefFormat.tagRef(tag).shortName
        let rules = try await RefRules.load(store, depotID: depot.id)
        if let why = rules.tagRefusal(short, canAdminister: try await mayAdminister(depot, user: user)) {
            throw SlipwayError.forbidden(why)
        }
    }

    /// Whether `user` administers the depot's project (project admin or system admin).
    package func mayAdminister(_ depot: Depot, user: User) async throws -> Bool {
        guard let access = try await store.access.access(user: user, projectKey: depot.projectKey) else { return false }
        return access.allows(.administer)
    }

    /// What every push to `depot` must respect: an archived depot takes none, the default branch
    /// cannot be deleted (as with an API branch delete), and the depot's `RefRules` decide each
    /// branch and tag update. The depot and its rules are read once per push, when the first ref
    /// is checked, so a depot archived since the push began refuses it too.
    package func pushPolicy(
        _ depot: Depot, repository: GitRepository, pusherUID: String?, canAdminister: Bool
    ) -> PushPolicy {
        let store = self.store, depotID = depot.id
        let state = LoadedOnce {
            (depot: try await store.depots.get(id: depotID), rules: try await RefRules.load(store, depotID: depotID))
        }
        return { update in
            guard let (current, rules) = try? await state.value() else {
                return .reject("Slipway could not read the branch rules; try again.")
            }
            guard let depot = current else { return .reject("the repository is gone") }
            if depot.isArchived { return .reject(Self.archivedMessage(depot)) }
            let ref = RefName(full: update.ref)
            guard ref.isBranch || ref.isTag else { return .allow }
            if update.isDelete, let branch = ref.branchName, let head = try? await repository.defaultBranch(), branch == head {
                return .reject("the default branch \(head) cannot be deleted")
            }
            return rules.refusal(update, userUID: pusherUID, canAdminister: canAdminister).map { .reject($0) } ?? .allow
        }
    }

    /// Why a push to an archived depot is refused.
    package static func archivedMessage(_ depot: Depot) -> String {
        "repository \(depot.projectKey)/\(depot.name) is archived and read-only: pushes are refused until it is unarchived"
    }
}

/// A value loaded at most once, on first use, shared by the policy calls of one push.
actor LoadedOnce<Value: Sendable> {
    private let load: @Sendable () async throws -> Value
    private var cached: Value?

    init(_ load: @escaping @Sendable () async throws -> Value) {
        self.load = load
    }

    func value() async throws -> Value {
        if let cached { return cached }
        let loaded = try await load()
        cached = loaded
        return loaded
    }
}
