import SlipwayCore
import SlipwayGit
import SlipwayServices

/// Branch housekeeping (CODING §2.10): removing merged branches and read-only branches.
struct BranchUpkeepActions: Sendable {
    /// DeleteGitMergedBranches: every branch whose tip the default branch contains, except the
    /// default branch itself and branches a rule keeps (protected or read-only). A branch that
    /// moves meanwhile is kept. The deletions are published like pushes.
    @Sendable func deleteGitMergedBranches(_ call: ActionCall) async throws -> any ActionOutput {
        let (depot, repo) = try await call.depot(need: .write)
        guard let head = try await repo.defaultBranch(), let headSHA = try await repo.resolveCommitIfPresent(RefName.branch(head).full)
        else { return NoOutput() }
        let rules = try await RefRules.load(call.store, depotID: depot.id)
        // Each deletion is checked here against the rules (a refused branch is kept, not an error).
        try await call.changeRefs(in: depot, checking: []) { repo in
            var events: [PushEvent] = []
            for branch in try await repo.branches() where !branch.isDefault {
                guard rules.branchRefusal(branch.name, isDelete: true, userUID: call.user.uid) == nil,
                    try await repo.isAncestor(branch.sha, of: headSHA)
                else { continue }
                do {
                    events.append(try await repo.deleteBranch(branch.name, expectedSHA: branch.sha, pusher: call.pusher))
                } catch SlipwayError.conflict {
                    continue
                }
            }
            return events
        }
        return NoOutput()
    }

    /// CreateReadOnlyRef: makes the existing branch `RefName` read-only (see `ReadOnlyBranch`).
    @Sendable func createReadOnlyRef(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("RefName")
        let (depot, repo) = try await call.depot(need: .administer)
        let branch = try await repo.branch(name)
        try await call.store.readOnlyBranches.create(ReadOnlyBranch(depotID: depot.id, branch: branch.name, creatorUID: call.user.uid))
        return NoOutput()
    }

    /// DeleteReadOnlyRef (a Slipway extension; CODING's API cannot undo CreateReadOnlyRef):
    /// makes `RefName` writable again.
    @Sendable func deleteReadOnlyRef(_ call: ActionCall) async throws -> any ActionOutput {
        let name = try call.parameters.string("RefName")
        let (depot, _) = try await call.depot(need: .administer)
        try await call.store.readOnlyBranches.delete(depotID: depot.id, branch: try RefFormat.branchRef(name).shortName)
        return NoOutput()
    }
}
