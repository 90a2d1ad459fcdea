import Foundation
import SlipwayCore

extension GitRepository {
    /// Checks whether `source` merges cleanly into `target` with `git merge-tree --write-tree`:
    /// the merged tree is written to the object store, but no ref, index or worktree changes.
    package func checkMerge(source: String, target: String) async throws -> MergeCheck {
        let sourceSHA = try await resolveCommit(source)
        let targetSHA = try await resolveCommit(target)
        let base = try await mergeBase(sourceSHA, targetSHA)
        let merged = try await isAncestor(sourceSHA, of: targetSHA)
        let ff = try await isAncestor(targetSHA, of: sourceSHA)
        var check = MergeCheck(
            sourceSHA: sourceSHA, targetSHA: targetSHA, mergeBase: base, alreadyMerged: merged, canFastForward: ff,
            mergeable: false, conflictingFiles: [], mergedTree: nil)
        // nil (unrelated histories and similar): not mergeable, nothing to list.
        if let result = try await mergeTree(targetSHA, sourceSHA) {
            check.mergeable = result.tree != nil
            check.conflictingFiles = result.conflicts
            check.mergedTree = result.tree
        }
        return check
    }

    /// Merges `source` into the branch `target` (see `MergeMode`). Conflicts throw `conflict`
    /// listing the files, and leave every ref untouched; the target moves with compare-and-swap.
    package func merge(_ request: MergeRequest, pusher: Pusher?) async throws -> MergeResult {
        let targetRef = try RefFormat.branch(request.target)
        guard let targetSHA = try await refTarget(targetRef) else {
            throw SlipwayError.notFound("branch \(request.target) not found")
        }
        if let expected = request.expectedTargetSHA, expected != targetSHA {
            throw SlipwayError.conflict("branch \(request.target) is at \(targetSHA), not \(expected)")
        }
        let author = try request.author.validated()
        let check = try await checkMerge(source: request.source, target: targetSHA)
        guard !check.alreadyMerged else {
            throw SlipwayError.failedPrecondition("\(request.source) is already merged into \(request.target)")
        }
        let newSHA: String
        switch request.mode {
        case .fastForwardOnly:
            guard check.canFastForward else {
                throw SlipwayError.failedPrecondition("\(request.target) cannot be fast-forwarded to \(request.source)")
            }
            newSHA = check.sourceSHA
        case .mergeCommit, .squash:
            guard check.mergeable, let tree = check.mergedTree else {
                throw SlipwayError.conflict(
                    "merge conflict in: " + check.conflictingFiles.joined(separator: ", "))
            }
            guard !request.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw SlipwayError.invalidInput("merge message is empty")
            }
            let parents = request.mode == .squash ? [targetSHA] : [targetSHA, check.sourceSHA]
            newSHA = try await commitTree(
                tree, parents: parents, message: request.message, author: author, committer: author)
        }
        var events = [try await moveRef(targetRef, from: targetSHA, to: newSHA, pusher: pusher, reason: "slipway: merge")]
        if request.deleteSourceBranch, let sourceRef = try? RefFormat.branch(request.source),
            sourceRef != targetRef, try await refTarget(sourceRef) == check.sourceSHA
        {
            events.append(try await deleteBranch(request.source, expectedSHA: check.sourceSHA, pusher: pusher))
        }
        return MergeResult(sha: newSHA, events: events)
    }

    /// The best common ancestor of two revisions, nil for unrelated histories.
    package func mergeBase(_ a: String, _ b: String) async throws -> String? {
        let shaA = try await resolveCommit(a), shaB = try await resolveCommit(b)
        let out = try await git.output(["merge-base", shaA, shaB])
        return out.succeeded ? out.trimmed : nil
    }

    /// Commits in `head` not in `base` (ahead) and in `base` not in `head` (behind).
    package func aheadBehind(base: String, head: String) async throws -> (ahead: Int, behind: Int) {
        let b = try await resolveCommit(base), h = try await resolveCommit(head)
        let out = try await git.run(["rev-list", "--left-right", "--count", "\(b)...\(h)", "--"])
        let parts = out.trimmed.split(whereSeparator: { $0 == "\t" || $0 == " " })
        guard parts.count == 2 else { throw SlipwayError.internalError("unexpected rev-list output") }
        return (Int(parts[1]) ?? 0, Int(parts[0]) ?? 0)
    }
}
