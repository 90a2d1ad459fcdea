import Foundation
import SlipwayCore

/// What `rebase` did to the branch.
package struct RebaseResult: Sendable, Hashable {
    /// The branch's tip afterwards.
    package var sha: String
    /// The branch move; nil when the branch already contained the base (nothing to do).
    package var event: PushEvent?
    /// Commits written anew on top of the base (0 for a fast-forward).
    package var replayed: Int
}

/// The tree a three-way merge produced, or the paths that conflict.
struct MergedTree: Sendable, Hashable {
    /// nil when there are conflicts.
    var tree: String?
    var conflicts: [String]
}

/// Cherry-pick, revert and rebase without a working tree: each replayed change is a three-way
/// merge of trees by `git merge-tree --write-tree`, then `commit-tree`, then one compare-and-swap
/// `update-ref`. A conflict throws before any ref moves, so the branch is never half-updated.
extension GitRepository {
    /// Applies the change `revision` made (against its first parent) on top of `branch` in a new
    /// commit that keeps the original author and message (plus a `cherry picked from` line).
    /// `conflict` when it does not apply cleanly, `failedPrecondition` when the branch has it already.
    package func cherryPick(_ revision: String, onto branch: String, committer: GitIdentity, pusher: Pusher?) async throws -> CommitResult {
        let ref = try RefFormat.branch(branch)
        let who = try committer.validated()
        guard let head = try await refTarget(ref) else { throw SlipwayError.notFound("branch \(branch) not found") }
        let picked = try await commit(revision)
        let tree = try await replayTree(of: picked, reversed: false, onto: head, what: "cherry-pick of \(picked.sha)")
        let message = picked.message + "\n\n(cherry picked from commit \(picked.sha))"
        let new = try await commitTree(
            tree, parents: [head], message: message, author: originalAuthor(picked, fallback: who), committer: who,
            authorTime: picked.author.time)
        let event = try await moveRef(ref, from: head, to: new, pusher: pusher, reason: "slipway: cherry-pick")
        return CommitResult(commit: try await commit(new), event: event)
    }

    /// Undoes the change `revision` made (against its first parent) on `branch` in a new commit by
    /// `author`. `conflict` when later changes overlap, `failedPrecondition` when nothing is left to undo.
    package func revert(
        _ revision: String, on branch: String, message: String, author: GitIdentity, pusher: Pusher?
    ) async throws -> CommitResult {
        let ref = try RefFormat.branch(branch)
        let who = try author.validated()
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SlipwayError.invalidInput("commit message is empty")
        }
        guard let head = try await refTarget(ref) else { throw SlipwayError.notFound("branch \(branch) not found") }
        let reverted = try await commit(revision)
        let tree = try await replayTree(of: reverted, reversed: true, onto: head, what: "revert of \(reverted.sha)")
        let new = try await commitTree(tree, parents: [head], message: message, author: who, committer: who)
        let event = try await moveRef(ref, from: head, to: new, pusher: pusher, reason: "slipway: revert")
        return CommitResult(commit: try await commit(new), event: event)
    }

    /// Replays the commits of `branch` that `upstream` lacks on top of `upstream`, like
    /// `git rebase upstream branch`: merge commits are dropped, commits whose change upstream
    /// already has (same patch) or that become empty are skipped, authors and messages are kept.
    /// A branch that is behind is fast-forwarded. Any conflict throws `conflict` and leaves the
    /// branch where it was.
    package func rebase(
        _ branch: String, onto upstream: String, committer: GitIdentity, pusher: Pusher?, maxCommits: Int = 1000
    ) async throws -> RebaseResult {
        let ref = try RefFormat.branch(branch)
        let who = try committer.validated()
        guard let head = try await refTarget(ref) else { throw SlipwayError.notFound("branch \(branch) not found") }
        let base = try await resolveCommit(upstream)
        if try await isAncestor(base, of: head) { return RebaseResult(sha: head, event: nil, replayed: 0) }
        var tip = base, replayed = 0
        if !(try await isAncestor(head, of: base)) {
            let spec = ["--reverse", "--topo-order", "--no-merges", "--right-only", "--cherry-pick", "\(base)...\(head)", "--"]
            let count = Int(try await git.run(["rev-list", "--count"] + spec).trimmed) ?? 0
            guard count <= maxCommits else {
                throw SlipwayError.failedPrecondition("\(branch) has \(count) commits to replay, more than \(maxCommits)")
            }
            let commits = GitCommit.parse(try await git.run(["log", "--format=" + GitCommit.format] + spec).text)
            for original in commits {
                let tree: String
                do {
                    tree = try await replayTree(of: original, reversed: false, onto: tip, what: "rebase of \(branch)")
                } catch SlipwayError.failedPrecondition {
                    continue  // Became empty on the new base, as `git rebase` drops it.
                }
                tip = try await commitTree(
                    tree, parents: [tip], message: original.message, author: originalAuthor(original, fallback: who),
                    committer: who, authorTime: original.author.time)
                replayed += 1
            }
        }
        let event = try await moveRef(ref, from: head, to: tip, pusher: pusher, reason: "slipway: rebase")
        return RebaseResult(sha: tip, event: event, replayed: replayed)
    }

    /// The tree of `head` with the change of `commit` (parent → commit, or commit → parent when
    /// `reversed`) merged in. `conflict` names the files; `failedPrecondition` when nothing changes.
    func replayTree(of commit: GitCommit, reversed: Bool, onto head: String, what: String) async throws -> String {
        let parentTree: String
        if let parent = commit.parents.first {
            parentTree = try await git.run(["rev-parse", parent + "^{tree}"]).trimmed
        } else {
            parentTree = try await emptyTree()
        }
        let (base, theirs) = reversed ? (commit.treeSHA, parentTree) : (parentTree, commit.treeSHA)
        let ours = try await git.run(["rev-parse", head + "^{tree}"]).trimmed
        let merged = try await mergeTrees(base: base, ours: ours, theirs: theirs)
        guard let tree = merged.tree else {
            throw SlipwayError.conflict("\(what) conflicts in: " + merged.conflicts.joined(separator: ", "))
        }
        guard tree != ours else { throw SlipwayError.failedPrecondition("\(what) changes nothing on this branch") }
        return tree
    }

    /// Three-way merge of trees with an explicit base. `merge-tree --write-tree` (git 2.38+) finds
    /// the base itself, so the trees are wrapped in throw-away commits whose only common ancestor
    /// carries `base`; the commits stay unreachable and are collected by `git gc`.
    func mergeTrees(base: String, ours: String, theirs: String) async throws -> MergedTree {
        let anchor = try await scaffold(base, parents: [])
        let left = try await scaffold(ours, parents: [anchor]), right = try await scaffold(theirs, parents: [anchor])
        guard let merged = try await mergeTree(left, right) else {
            throw SlipwayError.internalError("git merge-tree could not merge \(ours) and \(theirs)")
        }
        return merged
    }

    /// `git merge-tree --write-tree` of two commits: the merged tree or the conflicting paths,
    /// nil when git refuses to merge them at all (e.g. unrelated histories).
    func mergeTree(_ ours: String, _ theirs: String) async throws -> MergedTree? {
        let out = try await git.output(["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", ours, theirs])
        guard out.status == 0 || out.status == 1 else { return nil }
        // <tree> NUL, then each conflicted path NUL-terminated.
        let fields = out.text.split(separator: "\0", omittingEmptySubsequences: false)
        var files: [String] = []
        for field in fields.dropFirst() {
            if field.isEmpty { break }
            if !files.contains(String(field)) { files.append(String(field)) }
        }
        return MergedTree(tree: out.status == 0 ? fields.first.map(String.init) : nil, conflicts: files)
    }

    /// A deterministic commit of `tree` used only as merge scaffolding.
    private func scaffold(_ tree: String, parents: [String]) async throws -> String {
        var args = ["commit-tree", tree]
        for parent in parents { args += ["-p", parent] }
        let env = [
            "GIT_AUTHOR_NAME": "Slipway", "GIT_AUTHOR_EMAIL": "slipway@localhost", "GIT_AUTHOR_DATE": "@0 +0000",
            "GIT_COMMITTER_NAME": "Slipway", "GIT_COMMITTER_EMAIL": "slipway@localhost", "GIT_COMMITTER_DATE": "@0 +0000",
        ]
        return try await git.adding(env).run(args + ["-m", "slipway merge scaffold"]).trimmed
    }

    /// The empty tree, written so merges against it find the object.
    private func emptyTree() async throws -> String {
        try await git.run(["mktree"], input: []).trimmed
    }

    /// The author of a replayed commit; git refuses an empty name, so such commits take `fallback`.
    private func originalAuthor(_ commit: GitCommit, fallback: GitIdentity) -> GitIdentity {
        commit.author.name.isEmpty ? fallback : GitIdentity(name: commit.author.name, email: commit.author.email)
    }
}
