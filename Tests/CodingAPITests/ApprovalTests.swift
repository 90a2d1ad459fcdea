import Foundation
import SlipwayCore
import Testing

@Suite("CODING merge request approvals: only writers of the target branch, never the author")
struct ApprovalTests {
    @Test(arguments: CodingStoreKind.enabled)
    func onlyWritersApproveAndOnlyTheirApprovalsCount(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                // A public project: every signed-in user can read it, and so reach the action.
                let w = try await Workspace.make(h, in: scratch, project: "open", shared: true)
                let bob = try await w.addMember("bob")
                let carol = try await w.addMember("carol")
                let (reader, readerToken) = try await h.makeUser("reader")
                try await h.store.roles.addBindings(namespace: "open", role: "read-only", subjects: [.user(uid: reader.uid)])
                let (stranger, strangerToken) = try await h.makeUser("stranger")
                try await w.requireOneApprovalOnMaster()
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("a.txt", "a\n", "add a")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let mr = try await w.openMR("feature", token: bob)

                // The read-only member, the non-member and the author are refused, each with the reason.
                for (token, why) in [(readerToken, "write access"), (strangerToken, "write access"), (bob, "own merge request")] {
                    let r = try await w.action("CreateMergeRequestGrant", #""MergeId":\#(mr)"#, token: token)
                    #expect(r["Error"]["Code"].string == "UnauthorizedOperation", "\(r)")
                    #expect(r["Error"]["Message"].string?.contains(why) == true, "\(r)")
                }
                // Approvals recorded before the rule (or by a bypass) are not counted at merge time.
                let request = try #require(try await h.store.mergeRequests.get(depotID: w.depotID, iid: mr))
                for uid in [reader.uid, stranger.uid, request.authorUID] {
                    try await h.store.mergeRequests.setApproval(mergeRequestID: request.id, userUID: uid, approved: true)
                }
                #expect(try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]["Granted"].int == 0)
                let blocked = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"m""#, token: bob)
                #expect(blocked["Error"]["Code"].string == "FailedOperation", "\(blocked)")
                #expect(blocked["Error"]["Message"].string?.contains("requires 1 approvals, the merge request has 0") == true)

                // A developer's approval counts, until the developer loses write access.
                let granted = try await w.action("CreateMergeRequestGrant", #""MergeId":\#(mr)"#, token: carol)
                #expect(granted["Error"].isNull, "\(granted)")
                #expect(try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]["Granted"].int == 1)
                let carolUID = try #require(try await h.store.users.find(account: "carol")).uid
                try await h.store.roles.removeBinding(namespace: "open", role: "developer", subject: .user(uid: carolUID))
                #expect(try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]["Granted"].int == 0)
                let stillBlocked = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"m""#, token: bob)
                #expect(stillBlocked["Error"]["Code"].string == "FailedOperation", "\(stillBlocked)")

                // The project admin (not the author) approves; the author may then merge.
                #expect(try await w.action("CreateMergeRequestGrant", #""MergeId":\#(mr)"#)["Error"].isNull)
                let merged = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"m""#, token: bob)
                #expect(merged["MergeRequestInfo"]["Status"].string == "ACCEPTED", "\(merged)")
            }
        }
    }
}
