import SlipwayCore
import SlipwayGit

/// What a new release names: its tag (created at `commit` when missing), title and notes.
package struct ReleaseDraft: Sendable {
    package var tagName: String
    /// A branch, tag or SHA to tag when the tag does not exist; kept as the release's target.
    package var targetCommitish: String
    /// An exact commit: the new tag's commit, or the one an existing tag must point at.
    package var commitSHA: String
    package var title: String
    package var body: String
    package var isPrerelease: Bool

    package init(tagName: String, targetCommitish: String, commitSHA: String, title: String, body: String, isPrerelease: Bool) {
        self.tagName = tagName
        self.targetCommitish = targetCommitish
        self.commitSHA = commitSHA
        self.title = title
        self.body = body
        self.isPrerelease = isPrerelease
    }
}

extension HostingService {
    /// Creates a release bound to a tag. An existing tag must point at `commitSHA` when one is
    /// given; a missing tag is created (under the tag rules, recorded and published like a push)
    /// at `commitSHA`, else at `targetCommitish`. Refused with `missingStart` when neither names it.
    package func createRelease(
        _ draft: ReleaseDraft, in depot: Depot, by user: User, missingStart: @autoclosure () -> any Error
    ) async throws -> GitRelease {
        let repo = try context.depots.repository(depot)
        let sha: String
        if let existing = try? await repo.tag(draft.tagName) {
            sha = try await repo.resolveCommit(RefName.tag(existing.name).full)
            if !draft.commitSHA.isEmpty, try await repo.resolveCommit(draft.commitSHA) != sha {
                throw SlipwayError.invalidInput("tag \(draft.tagName) exists and points at \(sha), not \(draft.commitSHA)")
            }
        } else {
            let start = draft.commitSHA.isEmpty ? draft.targetCommitish : draft.commitSHA
            guard !start.isEmpty else { throw missingStart() }
            sha = try await repo.resolveCommit(start)
            try await changeRefs(in: depot, by: user, checking: [.tag(draft.tagName)]) { repo in
                let tag = try await repo.createTag(draft.tagName, at: sha)
                return [Self.created(.tag(tag.name), at: tag.sha, in: repo, by: user.pusher)]
            }
        }
        return try await store.gitReleases.create(
            GitRelease(
                depotID: depot.id, tagName: draft.tagName, commitSHA: sha,
                targetCommitish: draft.targetCommitish.isEmpty ? sha : draft.targetCommitish,
                title: draft.title, body: draft.body, isPrerelease: draft.isPrerelease, creatorUID: user.uid))
    }
}
