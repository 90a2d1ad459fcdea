import SlipwayCore
import SlipwayGit
import SlipwayStore

/// How a merge request is merged: a merge commit unless fast-forward or squash is asked for (a
/// protection rule's force-squash wins), with a message (empty: a generated one).
package struct MergeOptions: Sendable {
    package var fastForwardOnly = false
    package var squash = false
    package var message = ""
    package var deleteSourceBranch = false

    package init(fastForwardOnly: Bool = false, squash: Bool = false, message: String = "", deleteSourceBranch: Bool = false) {
        self.fastForwardOnly = fastForwardOnly
        self.squash = squash
        self.message = message
        self.deleteSourceBranch = deleteSourceBranch
    }
}

/// Merge requests: merge, close, and bring the source up to date with the target.
extension HostingService {
    /// Opens a merge request from `source` into `target` (both must exist; at most one open
    /// request per pair), with its first reviewers, and publishes `.mergeRequest(…, .create)`.
    package func openMergeRequest(
        in depot: Depot, from source: String, into target: String, title: String, description: String, by user: User,
        reviewerUIDs: [String] = []
    ) async throws -> DepotMergeRequest {
        guard source != target else { throw SlipwayError.invalidInput("the source branch must differ from the target branch") }
        let repo = try depots.repository(depot)
        let sourceSHA = try await repo.branch(source).sha, targetSHA = try await repo.branch(target).sha
        var open = MergeRequestFilter(depotIDs: [depot.id])
        open.states = [.open]
        open.sourceBranches = [source]
        open.targetBranches = [target]
        if try await store.mergeRequests.list(open, page: 1, pageSize: 1).total > 0 {
            throw SlipwayError.conflict("an open merge request from \(source) into \(target) already exists")
        }
        let request = try await store.mergeRequests.create(
            DepotMergeRequest(
                depotID: depot.id, projectKey: depot.projectKey, title: title, description: description,
                sourceBranch: source, targetBranch: target, authorUID: user.uid, sourceSHA: sourceSHA,
                targetSHA: targetSHA, baseSHA: try await repo.mergeBase(sourceSHA, targetSHA) ?? ""),
            reviewerUIDs: reviewerUIDs)
        await context.events.publish(.mergeRequest(request, .create))
        return request
    }

    /// Merges an open request after the target branch's rules allow it (read-only branches,
    /// protection: approvals and status checks), records the merge and its log entry in one
    /// transaction, optionally deletes the source branch, records the pushes and publishes
    /// `.pushed` for each ref change and `.mergeRequest(…, .merge)`. A conflict merges nothing.
    package func merge(
        _ request: DepotMergeRequest, in depot: Depot, by user: User, options: MergeOptions
    ) async throws -> DepotMergeRequest {
        guard request.state == .open else { throw SlipwayError.failedPrecondition("the merge request is not open") }
        let repo = try depots.repository(depot)
        let check = try await repo.checkMerge(
            source: RefName.branch(request.sourceBranch).full, target: RefName.branch(request.targetBranch).full)
        if check.alreadyMerged {
            throw SlipwayError.failedPrecondition("\(request.sourceBranch) is already merged into \(request.targetBranch)")
        }
        try await checkBranchWrite(request.targetBranch, depot: depot, by: user, viaMergeRequest: true)
        let rule = BranchProtection.effective(
            for: request.targetBranch, in: try await store.branchProtections.list(depotID: depot.id))
        if let rule { try await enforce(rule, request: request, depot: depot, sourceSHA: check.sourceSHA) }
        var mode: MergeMode = options.fastForwardOnly ? .fastForwardOnly : .mergeCommit
        if options.squash || rule?.forceSquash == true { mode = .squash }
        if mode != .fastForwardOnly, !check.mergeable {
            throw SlipwayError.failedPrecondition("merge conflict in: " + check.conflictingFiles.joined(separator: ", "))
        }
        var message = options.message
        if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            message = "Merge branch '\(request.sourceBranch)' into '\(request.targetBranch)'\n\n\(request.title) (#\(request.iid))"
        }
        let result = try await repo.merge(
            MergeRequest(
                source: check.sourceSHA, target: request.targetBranch, mode: mode, message: message,
                author: user.gitIdentity, expectedTargetSHA: check.targetSHA),
            pusher: user.pusher)
        var events = result.events
        var merged = request
        merged.state = .merged
        merged.actorUID = user.uid
        merged.sourceSHA = check.sourceSHA
        merged.targetSHA = check.targetSHA
        merged.baseSHA = check.mergeBase ?? ""
        merged.mergeCommitSHA = result.sha
        merged.actionAt = .now()
        merged.updatedAt = merged.actionAt
        let recorded = try await store.mergeRequests.transition(
            merged, expecting: .open,
            event: MergeRequestEvent(mergeRequestID: request.id, action: .merge, actorUID: user.uid, detail: result.sha))
        if options.deleteSourceBranch {
            do {
                events.append(try await repo.deleteBranch(request.sourceBranch, expectedSHA: check.sourceSHA, pusher: user.pusher))
            } catch {
                // The branch moved, is the default or is gone: the merge stands, the branch stays.
                context.logger.info(
                    "hosting: source branch kept after merge",
                    metadata: [
                        "depot": "\(depot.projectKey)/\(depot.name)", "branch": "\(request.sourceBranch)", "reason": "\(error)",
                    ])
            }
        }
        await recordPushes(events, depot: depot)
        guard recorded else { throw SlipwayError.conflict("the merge request was closed or merged meanwhile") }
        await context.events.publish(.mergeRequest(merged, .merge))
        return merged
    }

    /// The rule's merge conditions: enough approvals from users who may approve (`ApprovalRules`)
    /// and, when required, green statuses on the source tip.
    func enforce(_ rule: BranchProtection, request: DepotMergeRequest, depot: Depot, sourceSHA: String) async throws {
        let reviewers = try await store.mergeRequests.reviewers(mergeRequestID: request.id)
        let approvals = try await ApprovalRules.validApprovals(request, reviewers: reviewers, depot: depot, store: store)
        if approvals < rule.requiredGrantCount {
            throw SlipwayError.failedPrecondition(
                "branch \(request.targetBranch) requires \(rule.requiredGrantCount) approvals, the merge request has \(approvals)")
        }
        if rule.requiredStatusCheck {
            let statuses = try await store.branchProtections.statuses(depotID: request.depotID, sha: sourceSHA)
            guard !statuses.isEmpty, statuses.allSatisfy({ $0.state == .success }) else {
                throw SlipwayError.failedPrecondition(
                    "branch \(request.targetBranch) requires successful status checks on \(sourceSHA)")
            }
        }
    }

    /// Closes (refuses) an open request: its branch tips are recorded, the state change and its
    /// log entry are one transaction, and `.mergeRequest(…, .refuse)` is published.
    package func close(_ request: DepotMergeRequest, in depot: Depot, by user: User) async throws -> DepotMergeRequest {
        guard request.state == .open else { throw SlipwayError.failedPrecondition("the merge request is not open") }
        var closed = request
        if let repo = try? depots.repository(depot) {
            let shas = await Self.tips(request, repo)
            closed.sourceSHA = shas.source ?? request.sourceSHA
            closed.targetSHA = shas.target ?? request.targetSHA
        }
        closed.state = .closed
        closed.actorUID = user.uid
        closed.actionAt = .now()
        closed.updatedAt = closed.actionAt
        let recorded = try await store.mergeRequests.transition(
            closed, expecting: .open,
            event: MergeRequestEvent(mergeRequestID: request.id, action: .refuse, actorUID: user.uid))
        guard recorded else { throw SlipwayError.conflict("the merge request changed meanwhile; reload it") }
        await context.events.publish(.mergeRequest(closed, .refuse))
        return closed
    }

    /// "Update from target": the target branch is merged into the source branch (never
    /// rewriting published history), under the rules a push to the source would meet. Conflicts
    /// change nothing; an up-to-date source is left alone.
    package func updateSourceFromTarget(_ request: DepotMergeRequest, in depot: Depot, by user: User) async throws {
        guard request.state == .open else { throw SlipwayError.failedPrecondition("the merge request is not open") }
        let repo = try depots.repository(depot)
        let check = try await repo.checkMerge(
            source: RefName.branch(request.targetBranch).full, target: RefName.branch(request.sourceBranch).full)
        if check.alreadyMerged { return }
        try await checkBranchWrite(request.sourceBranch, depot: depot, by: user)
        let result = try await repo.merge(
            MergeRequest(
                source: check.sourceSHA, target: request.sourceBranch,
                mode: check.canFastForward ? .fastForwardOnly : .mergeCommit,
                message: "Merge branch '\(request.targetBranch)' into '\(request.sourceBranch)'",
                author: user.gitIdentity, expectedTargetSHA: check.targetSHA),
            pusher: user.pusher)
        await recordPushes(result.events, depot: depot)
    }

    /// The current tips of a request's source and target branches (nil when a branch is gone).
    package static func tips(_ request: DepotMergeRequest, _ repo: GitRepository) async -> (source: String?, target: String?) {
        let s = try? await repo.resolveCommitIfPresent(RefName.branch(request.sourceBranch).full)
        let t = try? await repo.resolveCommitIfPresent(RefName.branch(request.targetBranch).full)
        return (s ?? nil, t ?? nil)
    }
}
