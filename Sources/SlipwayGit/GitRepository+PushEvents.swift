import SlipwayCore

/// What the pre-receive review of one push decided and collected.
struct PushReview: Sendable {
    var accepted: Bool
    var updates: [RefUpdate]
    /// Introduced commits (newest first, capped) and their exact count, by ref.
    var commits: [String: (list: [PushCommit], total: Int)]
    var pusher: Pusher?
}

extension GitRepository {
    /// Classifies the hook's ref updates, asks the policy, collects commits for the events and
    /// answers the waiting hook. Runs while git holds the pushed objects in quarantine, so all
    /// git reads use the quarantine environment the hook reported.
    func review(
        _ request: HookRequest, channel: PushHookChannel, pusher: Pusher?, policy: PushPolicy?
    ) async -> PushReview {
        let quarantined = git.adding(request.quarantineEnvironment)
        var review = PushReview(accepted: false, updates: [], commits: [:], pusher: pusher)
        do {
            for (old, new, ref) in request.updates {
                review.updates.append(try await Self.classify(ref: ref, old: old, new: new, git: quarantined))
            }
            var messages: [String] = []
            if let policy {
                for update in review.updates {
                    if case .reject(let message) = await policy(update) { messages.append(message) }
                }
            }
            if messages.isEmpty {
                for update in review.updates where !update.isDelete {
                    review.commits[update.ref] = try await Self.introducedCommits(update, git: quarantined)
                }
                review.accepted = true
            }
            channel.respond(accept: review.accepted, messages: messages)
        } catch {
            channel.respond(accept: false, messages: ["Slipway could not check this push; try again."])
        }
        return review
    }

    static func classify(ref: String, old: String, new: String, git: GitCommand) async throws -> RefUpdate {
        let isCreate = old == RefFormat.zeroSHA, isDelete = new == RefFormat.zeroSHA
        var isForce = false
        if !isCreate && !isDelete {
            let out = try await git.output(["merge-base", "--is-ancestor", old, new])
            isForce = out.status != 0
        }
        return RefUpdate(ref: ref, oldSHA: old, newSHA: new, isCreate: isCreate, isDelete: isDelete, isForcePush: isForce)
    }

    /// Commits an update brings: `old..new` for an update, and for a new ref the commits not
    /// yet reachable from any ref. Must run before the ref itself moves.
    static func introducedCommits(_ update: RefUpdate, git: GitCommand) async throws -> (list: [PushCommit], total: Int) {
        guard !update.isDelete else { return ([], 0) }
        let spec = update.isCreate ? [update.newSHA, "--not", "--all"] : [update.newSHA, "^" + update.oldSHA]
        let count = try await git.run(["rev-list", "--count"] + spec + ["--"])
        let log = try await git.run(
            ["log", "--format=" + GitCommit.format, "--max-count=\(PushEvent.commitLimit)"] + spec + ["--"])
        return (GitCommit.parse(log.text).map(\.pushCommit), Int(count.trimmed) ?? 0)
    }

    /// Events for the reviewed updates that really took effect (git may still refuse a single
    /// update after the hook, e.g. a stale old value).
    func events(for review: PushReview) async throws -> [PushEvent] {
        guard !review.updates.isEmpty else { return [] }
        let out = try await git.run(["for-each-ref", "--format=%(refname) %(objectname)"] + review.updates.map(\.ref))
        var current: [String: String] = [:]
        for line in out.lines {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { current[String(parts[0])] = String(parts[1]) }
        }
        return review.updates.compactMap { update in
            let now = current[update.ref]
            let applied = update.isDelete ? now == nil : now == update.newSHA
            guard applied else { return nil }
            let commits = review.commits[update.ref] ?? ([], 0)
            return event(for: update, pusher: review.pusher, commits: commits)
        }
    }

    func event(for update: RefUpdate, pusher: Pusher?, commits: (list: [PushCommit], total: Int)) -> PushEvent {
        PushEvent(
            repository: path.description, ref: update.ref, before: update.oldSHA, after: update.newSHA,
            pusher: pusher, commits: commits.list, totalCommits: commits.total, created: update.isCreate,
            deleted: update.isDelete, forced: update.isForcePush)
    }
}
