import SlipwayCore
import SlipwayStore

/// Something in every table that hangs off a depot through the store: a merge request (with a
/// reviewer, a note and its log), a protection rule (with a member), a commit status, a deploy
/// key, a release, a commit comment, a tag rule and a read-only branch. Returns the request's
/// and the rule's ids.
@discardableResult
package func populateDepotReviewObjects(
    _ store: Store, depotID: Int64, projectKey: String, uid: String
) async throws -> (mr: Int64, rule: Int64) {
    let mr = try await store.mergeRequests.create(
        DepotMergeRequest(
            depotID: depotID, projectKey: projectKey, title: "t", description: "", sourceBranch: "a",
            targetBranch: "b", authorUID: uid),
        reviewerUIDs: [uid])
    _ = try await store.mergeRequests.addNote(MergeRequestNote(mergeRequestID: mr.id, authorUID: uid, content: "n"))
    let rule = try await store.branchProtections.create(BranchProtection(depotID: depotID, rule: "master"))
    try await store.branchProtections.setMember(protectionID: rule.id, userUID: uid, allowPush: true)
    try await store.branchProtections.setStatus(CommitStatus(depotID: depotID, sha: "abc", context: "ci", state: .success, creatorUID: uid))
    _ = try await store.publicKeys.create(
        PublicKey(
            ownerUID: uid, depotID: depotID, title: "k", content: "ssh-ed25519 AAAA", fingerprint: "fp\(depotID)", md5Fingerprint: "md5"))
    _ = try await store.gitReleases.create(
        GitRelease(
            depotID: depotID, tagName: "v1", commitSHA: "abc", targetCommitish: "master", title: "r", body: "",
            isPrerelease: false, creatorUID: uid))
    _ = try await store.commitComments.create(
        GitCommitComment(
            depotID: depotID, commitSHA: "abc", path: "", lineIndex: 0, content: "c", authorUID: uid))
    _ = try await store.tagProtections.create([TagProtectionRule(depotID: depotID, rule: "v*", creatorUID: uid)])
    try await store.readOnlyBranches.create(ReadOnlyBranch(depotID: depotID, branch: "frozen", creatorUID: uid))
    return (mr.id, rule.id)
}
