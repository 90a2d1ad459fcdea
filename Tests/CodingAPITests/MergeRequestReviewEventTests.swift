import Foundation
import SlipwayCore
import SlipwayServices
import Testing

/// Reviewer, approval, note and edit changes of a merge request are hosting operations: each is
/// stored with its activity-log entry and published on the event bus, like create and merge.
@Suite("Merge request review changes on the event bus")
struct MergeRequestReviewEventTests {
    @Test(arguments: CodingStoreKind.enabled)
    func reviewChangesArePublishedAndLogged(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let (_, bobToken) = try await h.makeUser("bob")
            _ = try await h.makeUser("carol")
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                for account in ["bob", "carol"] {
                    _ = try await h.action(
                        "CreateProjectMember", #"{"ProjectId":\#(w.projectID),"Type":80,"UserGlobalKeyList":["\#(account)"]}"#)
                }
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("a.txt", "a\n", "add a")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let mr = try await w.openMR("feature")
                let before = await h.events.mergeRequestChanges.count

                #expect(try await w.action("CreateMergeRequestReviewer", #""MergeId":\#(mr),"ReviewerGlobalKey":"carol""#)["Error"].isNull)
                #expect(try await w.action("DeleteMergeRequestReviewer", #""MergeId":\#(mr),"ReviewerGlobalKey":"carol""#)["Error"].isNull)
                #expect(try await w.action("CreateMergeRequestGrant", #""MergeId":\#(mr)"#, token: bobToken)["Error"].isNull)
                #expect(try await w.action("DeleteMergeRequestGrant", #""MergeId":\#(mr)"#, token: bobToken)["Error"].isNull)
                let note = #"{"DepotPath":"\#(w.depotID)","MergeId":\#(mr),"Content":"nit","ParentId":0}"#
                #expect(try await h.action("CreateMergeRequestNote", note, token: bobToken).response["Error"].isNull)
                #expect(try await w.action("ModifyGitMergeRequest", #""MergeId":\#(mr),"Title":"Better""#)["Error"].isNull)
                // The author cannot approve: refused, nothing stored, nothing published.
                #expect(try await w.action("CreateMergeRequestGrant", #""MergeId":\#(mr)"#)["Error"]["Code"].string != nil)

                let published = await h.events.mergeRequestChanges.dropFirst(before)
                let expected: [MergeRequestEvent.Action] = [.addReviewer, .deleteReviewer, .grant, .grantUndo, .comment, .updateTitle]
                #expect(published.map(\.action) == expected)
                #expect(published.allSatisfy { $0.iid == mr })
                let logs = try await w.action("DescribeMergeRequestLog", #""MergeId":\#(mr)"#)["Logs"].array.compactMap { $0["Action"].string }
                #expect(Array(logs.suffix(expected.count)) == expected.map(\.rawValue), "\(logs)")
            }
        }
    }
}
