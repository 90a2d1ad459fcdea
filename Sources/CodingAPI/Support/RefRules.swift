import SlipwayCore
import SlipwayGit
import SlipwayStore

/// The rules of one depot that every ref change obeys, whether it arrives by `git push`
/// (`GitTransport.policy`) or by an API write: branch protection, read-only branches and tag
/// protection. Each check answers why a change is refused, nil when it is allowed.
struct RefRules: Sendable {
    var branches: [BranchProtection]
    var tags: [TagProtectionRule]
    var readOnly: Set<String>

    static func load(_ store: Store, depotID: Int64) async throws -> RefRules {
        RefRules(
            branches: try await store.branchProtections.list(depotID: depotID),
            tags: try await store.tagProtections.list(depotID: depotID),
            readOnly: Set(try await store.readOnlyBranches.list(depotID: depotID).map(\.branch)))
    }

    /// A change to a branch (short name) by `userUID`. A read-only branch takes no change at all;
    /// a protected one is never deleted, never force-pushed when its rule denies it, and moved
    /// directly only by the rule's members with `allowPush`. `viaMergeRequest`: the change is a
    /// merge whose protection conditions `MergeRequestActions.enforce` checks instead.
    func branchRefusal(
        _ branch: String, isDelete: Bool = false, isForce: Bool = false, userUID: String?, viaMergeRequest: Bool = false
    ) -> String? {
        if readOnly.contains(branch) { return "branch \(branch) is read-only" }
        guard !viaMergeRequest, let rule = BranchProtection.effective(for: branch, in: branches) else { return nil }
        if isDelete { return "branch \(branch) is protected and cannot be deleted" }
        if isForce && rule.denyForcePush { return "branch \(branch) is protected: force push is not allowed" }
        guard rule.members.contains(where: { $0.userUID == userUID && $0.allowPush }) else {
            return "branch \(branch) is protected: you may not push to it directly, open a merge request"
        }
        return nil
    }

    /// A change (create, move or delete) to a tag (short name): tags a rule covers are for the
    /// project's administrators only (CODING's "tag administrators"; its API sets no others).
    func tagRefusal(_ tag: String, canAdminister: Bool) -> String? {
        guard !canAdminister, let rule = TagProtectionRule.protecting(tag, in: tags) else { return nil }
        return "tag \(tag) is protected by the rule \(rule.rule): only project administrators may create, move or delete it"
    }

    /// One pushed ref update; refs other than branches and tags are not governed here.
    func refusal(_ update: RefUpdate, userUID: String?, canAdminister: Bool) -> String? {
        if update.ref.hasPrefix("refs/heads/") {
            return branchRefusal(
                String(update.ref.dropFirst(11)), isDelete: update.isDelete, isForce: update.isForcePush, userUID: userUID)
        }
        if update.ref.hasPrefix("refs/tags/") { return tagRefusal(String(update.ref.dropFirst(10)), canAdminister: canAdminister) }
        return nil
    }
}

extension ActionCall {
    /// Refuses (`forbidden`) an API write to `branch` that the same push by the caller would be refused for.
    func checkBranchWrite(
        _ branch: String, depot: Depot, isDelete: Bool = false, isForce: Bool = false, viaMergeRequest: Bool = false
    ) async throws {
        let short = String(try RefFormat.branch(branch).dropFirst(11))
        let rules = try await RefRules.load(store, depotID: depot.id)
        if let why = rules.branchRefusal(
            short, isDelete: isDelete, isForce: isForce, userUID: user.uid, viaMergeRequest: viaMergeRequest)
        {
            throw SlipwayError.forbidden(why)
        }
    }

    /// Refuses (`forbidden`) creating, moving or deleting a protected tag unless the caller administers the project.
    func checkTagWrite(_ tag: String, depot: Depot) async throws {
        let short = String(try RefFormat.tag(tag).dropFirst(10))
        let rules = try await RefRules.load(store, depotID: depot.id)
        if let why = rules.tagRefusal(short, canAdminister: try await mayAdminister(depot)) {
            throw SlipwayError.forbidden(why)
        }
    }

    /// Whether the caller administers the depot's project (project admin or system admin).
    func mayAdminister(_ depot: Depot) async throws -> Bool {
        guard let access = try await store.access.access(user: user, projectKey: depot.projectKey) else { return false }
        return DepotAccess.administer.allowed(by: access)
    }
}
