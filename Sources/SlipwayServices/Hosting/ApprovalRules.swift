import SlipwayCore
import SlipwayStore

/// Who may approve a merge request, and which recorded approvals count toward a protection
/// rule's required approvals: only users who may write the target branch (developer-level
/// access to the project, and the branch not read-only), and never the request's author.
/// Approvals are re-checked when they are counted, so an approval recorded before the approver
/// lost write access, or before this rule existed, no longer counts.
package enum ApprovalRules {
    /// Why `user` may not approve `request`, nil when they may.
    package static func refusal(
        _ user: User, request: DepotMergeRequest, depot: Depot, rules: RefRules, store: Store
    ) async throws -> String? {
        if request.authorUID == user.uid { return "authors cannot approve their own merge request" }
        guard let access = try await store.access.access(user: user, projectKey: depot.projectKey),
            access.allowsRepositoryWrite
        else {
            return "only members with write access to \(request.targetBranch) may approve merge requests into it"
        }
        if let why = rules.branchRefusal(request.targetBranch, userUID: user.uid, viaMergeRequest: true) {
            return "cannot approve: \(why)"
        }
        return nil
    }

    /// The approvals of `request` that count: approved, and by someone who may approve it now.
    package static func validApprovals(
        _ request: DepotMergeRequest, reviewers: [MergeRequestReviewer], depot: Depot, store: Store
    ) async throws -> Int {
        let approvers = reviewers.filter { $0.approved && $0.userUID != request.authorUID }
        guard !approvers.isEmpty else { return 0 }
        let rules = try await RefRules.load(store, depotID: depot.id)
        var count = 0
        for approver in approvers {
            guard let user = try await store.users.find(uid: approver.userUID) else { continue }
            if try await refusal(user, request: request, depot: depot, rules: rules, store: store) == nil { count += 1 }
        }
        return count
    }
}
