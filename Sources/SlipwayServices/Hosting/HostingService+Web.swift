import SlipwayCore
import SlipwayGit
import SlipwayStore

/// One merge request as a page shows it: who is involved, the discussion, the approvals that
/// count, and why it cannot be merged yet (empty when it can).
package struct MergeRequestReview: Sendable {
    package struct Reviewer: Sendable {
        package var account: String
        package var approved: Bool
    }

    package struct Note: Sendable {
        package var author: String
        package var content: String
        package var path: String
        package var createdAt: EpochMillis
    }

    package var request: DepotMergeRequest
    package var author: String
    /// Who merged or closed it ("" while open).
    package var actor: String
    package var reviewers: [Reviewer]
    package var notes: [Note]
    /// Approvals that count toward the target's protection rule (`ApprovalRules`).
    package var approvals: Int
    /// What the target branch's protection rule requires (0 without a rule).
    package var requiredApprovals: Int
    /// Why the reader cannot merge it now, from the rules `merge` enforces; empty when they can.
    package var blockers: [String]
    /// The commits and the diff (merge base to source tip), nil when the branches are gone.
    package var comparison: Comparison?
}

/// Merge requests for people: listing, and one request with its review state and verdict.
extension HostingService {
    /// A page of a depot's merge requests in `states` (all when empty), newest first.
    package func mergeRequests(
        in readable: ReadableDepot, states: [DepotMergeRequest.State], page: Int, pageSize: Int
    ) async throws -> (rows: [DepotMergeRequest], total: Int, authors: [String: String]) {
        var filter = MergeRequestFilter(depotIDs: [readable.depot.id])
        filter.states = states
        let (rows, total) = try await store.mergeRequests.list(filter, page: max(1, page), pageSize: pageSize)
        return (rows, total, try await accounts(rows.map(\.authorUID)))
    }

    /// The request `iid` of the depot; not found otherwise.
    package func mergeRequest(_ iid: Int64, in readable: ReadableDepot) async throws -> DepotMergeRequest {
        guard let request = try await store.mergeRequests.get(depotID: readable.depot.id, iid: iid) else {
            throw SlipwayError.notFound("merge request \(iid) not found")
        }
        return request
    }

    /// Everything the merge request page shows, as `user` (whose merge verdict it carries).
    package func review(
        _ request: DepotMergeRequest, in readable: ReadableDepot, by user: User, maxPatchBytes: Int
    ) async throws -> MergeRequestReview {
        let depot = readable.depot
        let reviewers = try await store.mergeRequests.reviewers(mergeRequestID: request.id)
        let notes = try await store.mergeRequests.notes(mergeRequestIDs: [request.id])
        let names = try await accounts([request.authorUID, request.actorUID] + reviewers.map(\.userUID) + notes.map(\.authorUID))
        let rule = BranchProtection.effective(for: request.targetBranch, in: try await store.branchProtections.list(depotID: depot.id))
        var comparison: Comparison?
        if let range = try? await Self.reviewRange(request, readable.repository) {
            comparison = try await readable.repository.compare(base: range.base, head: range.head, maxPatchBytes: maxPatchBytes)
        }
        return MergeRequestReview(
            request: request, author: names[request.authorUID] ?? "", actor: names[request.actorUID] ?? "",
            reviewers: reviewers.map { .init(account: names[$0.userUID] ?? $0.userUID, approved: $0.approved) },
            notes: notes.map { .init(author: names[$0.authorUID] ?? "", content: $0.content, path: $0.path, createdAt: $0.createdAt) },
            approvals: try await ApprovalRules.validApprovals(request, reviewers: reviewers, depot: depot, store: store),
            requiredApprovals: rule?.requiredGrantCount ?? 0,
            blockers: await mergeBlockers(request, in: readable, by: user, rule: rule), comparison: comparison)
    }

    /// Why `user` cannot merge `request` now, checked as `merge` checks it (write access, the
    /// target's branch rules, the protection rule's approvals and status checks, conflicts),
    /// without merging; empty when the merge would go ahead.
    func mergeBlockers(_ request: DepotMergeRequest, in readable: ReadableDepot, by user: User, rule: BranchProtection?) async -> [String] {
        guard request.state == .open else { return ["the merge request is \(request.state.rawValue)"] }
        var blockers: [String] = []
        if !readable.access.allowsRepositoryWrite { blockers.append("you need write access to this repository to merge") }
        if readable.depot.isArchived { blockers.append("the repository is archived and read-only") }
        let repo = readable.repository
        guard
            let check = try? await repo.checkMerge(
                source: RefName.branch(request.sourceBranch).full, target: RefName.branch(request.targetBranch).full)
        else { return blockers + ["the source or target branch no longer exists"] }
        if check.alreadyMerged { return blockers + ["\(request.sourceBranch) is already merged into \(request.targetBranch)"] }
        do {
            try await checkBranchWrite(request.targetBranch, depot: readable.depot, by: user, viaMergeRequest: true)
        } catch {
            blockers.append(Self.reason(error))
        }
        if let rule {
            // `enforce` stops at the first unmet condition; asked one condition at a time, it names each.
            var approvals = rule, statuses = rule
            approvals.requiredStatusCheck = false
            statuses.requiredGrantCount = 0
            for part in [approvals, statuses] {
                do { try await enforce(part, request: request, depot: readable.depot, sourceSHA: check.sourceSHA) } catch {
                    blockers.append(Self.reason(error))
                }
            }
        }
        if !check.mergeable {
            blockers.append("merge conflict in: " + check.conflictingFiles.joined(separator: ", "))
        }
        return blockers
    }

    /// Base and head of what a request changes: the live branches while it is open, the tips
    /// recorded when it was merged or closed afterwards.
    package static func reviewRange(_ request: DepotMergeRequest, _ repo: GitRepository) async throws -> (base: String, head: String) {
        if request.state == .open {
            let t = await tips(request, repo)
            if let s = t.source, let g = t.target { return (g, s) }
        }
        guard !request.sourceSHA.isEmpty, !request.targetSHA.isEmpty else {
            throw SlipwayError.notFound("the branches of this merge request no longer exist")
        }
        return (request.targetSHA, request.sourceSHA)
    }

    /// Accounts by user id (unknown ids left out).
    func accounts(_ uids: [String]) async throws -> [String: String] {
        var names: [String: String] = [:]
        for uid in Set(uids) where !uid.isEmpty {
            if let user = try await store.users.find(uid: uid) { names[uid] = user.account }
        }
        return names
    }

    static func reason(_ error: any Error) -> String {
        (error as? SlipwayError)?.detail ?? "the rules could not be checked: \(error)"
    }
}
