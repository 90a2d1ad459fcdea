import SlipwayCore
import SlipwayGit
import SlipwayServices

/// Cherry-pick, revert and rebase done by the server (CODING §2.9, §2.10). Each writes new
/// commits without a working tree and moves one branch by compare-and-swap, under the rules the
/// same push would meet (`RefRules`); a conflict is `FailedOperation` and moves nothing. The
/// move is published like a push.
struct ReplayActions: Sendable {
    /// ModifyGitCherryPick: the change `Sha` made, as a new commit on top of `BranchName`.
    @Sendable func modifyGitCherryPick(_ call: ActionCall) async throws -> any ActionOutput {
        let sha = try call.parameters.string("Sha"), branch = try call.parameters.string("BranchName")
        let (depot, _) = try await call.depot(need: .write)
        try await call.changeRefs(in: depot, checking: [.branch(branch)]) { repo in
            [try await repo.cherryPick(sha, onto: branch, committer: call.gitIdentity, pusher: call.pusher).event]
        }
        return NoOutput()
    }

    /// ModifyGitCommitRevert: a new commit on `BranchName` (message `Message`) undoing `Sha`.
    @Sendable func modifyGitCommitRevert(_ call: ActionCall) async throws -> any ActionOutput {
        let p = call.parameters
        let sha = try p.string("Sha"), branch = try p.string("BranchName"), message = try p.string("Message")
        let (depot, _) = try await call.depot(need: .write)
        try await call.changeRefs(in: depot, checking: [.branch(branch)]) { repo in
            [try await repo.revert(sha, on: branch, message: message, author: call.gitIdentity, pusher: call.pusher).event]
        }
        return NoOutput()
    }

    /// ModifyGitRebase: replays `SrcBranchName`'s own commits on top of `BaseBranchName` and
    /// moves the source branch there (a rewrite, so a rule denying force pushes refuses it).
    /// Nothing happens when the source already contains the base.
    @Sendable func modifyGitRebase(_ call: ActionCall) async throws -> any ActionOutput {
        let base = try call.parameters.string("BaseBranchName"), source = try call.parameters.string("SrcBranchName")
        let (depot, repo) = try await call.depot(need: .write)
        let sourceTip = try await repo.branch(source).sha, baseTip = try await repo.branch(base).sha
        if try await repo.isAncestor(baseTip, of: sourceTip) { return NoOutput() }
        let rewrites = !(try await repo.isAncestor(sourceTip, of: baseTip))
        try await call.changeRefs(in: depot, checking: [.branch(source, isForce: rewrites)]) { repo in
            let result = try await repo.rebase(source, onto: baseTip, committer: call.gitIdentity, pusher: call.pusher)
            return result.event.map { [$0] } ?? []
        }
        return NoOutput()
    }
}
