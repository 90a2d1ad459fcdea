import SlipwayCore
import SlipwayGit
import SlipwayStore

/// The rules of one depot that every ref change obeys, whether it arrives by `git push`
/// (`HostingService.pushPolicy`) or by an API write (`HostingService.checkBranchWrite`):
/// branch protection, read-only branches and tag protection. Each check answers why a change
/// is refused, nil when it is allowed.
package struct RefRules: Sendable {
    package var branches: [BranchProtection]
    package var tags: [TagProtectionRule]
    package var readOnly: Set<String>

    package static func load(_ store: Store, depotID: Int64) async throws -> RefRules {
        RefRules(
            branches: try await store.branchProtections.list(depotID: depotID),
            tags: try await store.tagProtections.list(depotID: depotID),
            readOnly: Set(try await store.readOnlyBranches.list(depotID: depotID).map(\.branch)))
    }

    /// A change to a branch (short name) by `userUID`. A read-only branch takes no change at all;
    /// a protected one is never deleted, never force-pushed when its rule denies it, and moved
    /// directly only by the rule's members with `allowPush`. `viaMergeRequest`: the change is a
    /// merge whose protection conditions `HostingService.enforce` checks instead.
    package func branchRefusal(
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
    package func tagRefusal(_ tag: String, canAdminister: Bool) -> String? {
        guard !canAdminister, let rule = TagProtectionRule.protecting(tag, in: tags) else { return nil }
        return "tag \(tag) is protected by the rule \(rule.rule): only project administrators may create, move or delete it"
    }

    /// One pushed ref update; refs other than branches and tags are not governed here.
    package func refusal(_ update: RefUpdate, userUID: String?, canAdminister: Bool) -> String? {
        let ref = RefName(full: update.ref)
        if let branch = ref.branchName {
            return branchRefusal(branch, isDelete: update.isDelete, isForce: update.isForcePush, userUID: userUID)
        }
        if let tag = ref.tagName { return tagRefusal(tag, canAdminister: canAdminister) }
        return nil
    }
}
