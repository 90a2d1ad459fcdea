import Foundation
import SlipwayCore
import SlipwayStore
import Testing

@Suite("Deleting a project or a depot removes the rows hanging off its depots")
struct DepotCascadeTests {
    /// A merge request (reviewer, note, log), a rule (member), a status, a deploy key, a release, a commit
    /// comment, a tag rule and a read-only branch on `depotID`.
    static func populate(_ store: Store, depotID: Int64, projectKey: String, uid: String) async throws -> (mr: Int64, rule: Int64) {
        try await populateDepotReviewObjects(store, depotID: depotID, projectKey: projectKey, uid: uid)
    }

    static func expectEmpty(_ store: Store, depotID: Int64, mr: Int64, rule: Int64) async throws {
        #expect(try await store.mergeRequests.get(depotID: depotID, iid: 1) == nil)
        #expect(try await store.mergeRequests.reviewers(mergeRequestID: mr).isEmpty)
        #expect(try await store.mergeRequests.notes(mergeRequestIDs: [mr]).isEmpty)
        #expect(try await store.mergeRequests.events(mergeRequestID: mr).isEmpty)
        #expect(try await store.branchProtections.list(depotID: depotID).isEmpty)
        #expect(try await store.branchProtections.get(id: rule) == nil)
        #expect(try await store.branchProtections.statuses(depotID: depotID, sha: "abc").isEmpty)
        #expect(try await store.publicKeys.deployKeys(depotIDs: [depotID]).isEmpty)
        #expect(try await store.gitReleases.get(depotID: depotID, iid: 1) == nil)
        #expect(try await store.commitComments.list(depotID: depotID, sha: "abc", page: 1, pageSize: 10).total == 0)
        #expect(try await store.tagProtections.list(depotID: depotID).isEmpty)
        #expect(try await store.readOnlyBranches.list(depotID: depotID).isEmpty)
    }

    @Test(arguments: CodingStoreKind.enabled)
    func deletingAProjectOrADepotLeavesNoOrphans(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let uid = try #require(try await h.store.users.find(account: "admin")).uid
            let alpha = try await h.makeProject("alpha")
            let doomed = try await h.makeDepot(alpha, "doomed")
            let beta = try await h.makeProject("beta")
            let kept = try await h.makeDepot(beta, "kept")
            let gone = try await Self.populate(h.store, depotID: doomed, projectKey: "alpha", uid: uid)
            let stays = try await Self.populate(h.store, depotID: kept, projectKey: "beta", uid: uid)
            #expect(try await h.store.mergeRequests.events(mergeRequestID: gone.mr).map(\.action) == [.create, .addReviewer])

            #expect(try await h.action("DeleteOneProject", #"{"ProjectId":\#(alpha)}"#).response["Error"].isNull)
            try await Self.expectEmpty(h.store, depotID: doomed, mr: gone.mr, rule: gone.rule)
            // Another project's rows are untouched.
            #expect(try await h.store.mergeRequests.get(depotID: kept, iid: 1) != nil)
            #expect(try await h.store.branchProtections.get(id: stays.rule)?.members.count == 1)
            #expect(try await h.store.gitReleases.get(depotID: kept, iid: 1) != nil)

            #expect(try await h.action("DeleteGitDepot", #"{"DepotId":\#(kept)}"#).response["Error"].isNull)
            try await Self.expectEmpty(h.store, depotID: kept, mr: stays.mr, rule: stays.rule)
        }
    }
}
