import Foundation
import SlipwayCore
import Testing

@Suite("CODING branch protection, enforced on push and merge")
struct ProtectionTests {
    @Test func ruleMatching() {
        func rule(_ r: String) -> BranchProtection { BranchProtection(depotID: 1, rule: r) }
        #expect(rule("master").matches("master"))
        #expect(!rule("master").matches("master2"))
        #expect(rule("release/*").matches("release/1.0"))
        #expect(!rule("release/*").matches("release/1/hotfix"))
        #expect(rule("release/**").matches("release/1/hotfix"))
        #expect(rule("v?").matches("v1"))
        let rules = [BranchProtection(id: 1, depotID: 1, rule: "*"), BranchProtection(id: 2, depotID: 1, rule: "dev")]
        #expect(BranchProtection.effective(for: "dev", in: rules)?.id == 2)
        #expect(BranchProtection.effective(for: "x", in: rules)?.id == 1)
    }

    @Test(arguments: CodingStoreKind.enabled)
    func protectedBranchRejectsPushesAndNeedsApprovals(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let (_, bobToken) = try await h.makeUser("bob")
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(w.projectID),"Type":80,"UserGlobalKeyList":["bob"]}"#)
                let create = try await w.action("CreateBranchProtection", #""Rule":"master""#)
                #expect(create["Error"].isNull, "\(create)")
                let rules = try await w.action("DescribeBranchProtections", "")["BranchProtections"]
                let ruleID = try #require(rules[0]["BranchProtectionId"].int, "\(rules)")
                #expect(rules[0]["DenyForcePush"].bool == true)
                #expect(rules[0]["MatcherCount"].int == 1)
                let modified = try await w.action(
                    "ModifyBranchProtection",
                    #""BranchProtectionId":\#(ruleID),"BranchProtection":{"RequiredGrantCount":1,"DenyForcePush":true}"#)
                #expect(modified["BranchProtection"]["RequiredGrantCount"].int == 1, "\(modified)")
                #expect(try await w.action("DescribeGitBranch", #""BranchName":"master""#)["Error"].isNull)

                // Bob (a developer) cannot push to master directly; nor can the admin until a member.
                try await runGit(["clone", "-q", h.cloneURL("alpha", "app", token: bobToken), "bob"], in: scratch)
                let bob = scratch + "/bob"
                try "bob\n".write(toFile: bob + "/bob.txt", atomically: true, encoding: .utf8)
                try await runGit(["add", "bob.txt"], in: bob)
                try await runGit(["commit", "-q", "-m", "bob"], in: bob)
                let direct = try await runGit(["push", "origin", "HEAD:master"], in: bob, check: false)
                #expect(direct.status != 0)
                #expect(direct.stderr.contains("branch master is protected: you may not push to it directly"), "\(direct.stderr)")
                try await w.commit("x.txt", "x\n", "x")
                #expect(try await runGit(["push", "origin", "HEAD:master"], in: w.dir, check: false).status != 0)

                #expect(
                    try await w.action("CreateBranchProtectionMember", #""BranchProtectionId":\#(ruleID),"UserGlobalKey":"admin","AllowPush":true"#)["Error"]
                        .isNull)
                let members = try await w.action("DescribeBranchProtectionMembers", #""BranchProtectionId":\#(ruleID)"#)["Members"]
                #expect(members[0]["GlobalKey"].string == "admin")
                #expect(members[0]["AllowPush"].bool == true)
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)

                // A force push is refused even for a member, and the client sees why.
                try await runGit(["commit", "-q", "--amend", "-m", "rewritten"], in: w.dir)
                let forced = try await runGit(["push", "--force", "origin", "HEAD:master"], in: w.dir, check: false)
                #expect(forced.status != 0)
                #expect(forced.stderr.contains("force push is not allowed"), "\(forced.stderr)")
                let deleted = try await runGit(["push", "origin", ":master"], in: w.dir, check: false)
                #expect(deleted.status != 0)

                // Bob's merge request needs one approval before it merges.
                try await runGit(["push", "-q", "origin", "HEAD:bobs"], in: bob)
                let mr = try await w.openMR("bobs", token: bobToken)
                let info = try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]
                #expect(info["TargetBranchProtected"].bool == true)
                #expect(info["StickingPoint"].string == "REVIEW_WAITING")
                let blocked = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"m""#)
                #expect(blocked["Error"]["Code"].string == "FailedOperation")
                #expect(blocked["Error"]["Message"].string?.contains("requires 1 approvals") == true)
                let own = try await w.action("CreateMergeRequestGrant", #""MergeId":\#(mr)"#, token: bobToken)
                #expect(own["Error"]["Code"].string == "UnauthorizedOperation")
                let granted = try await w.action("CreateMergeRequestGrant", #""MergeId":\#(mr)"#)
                #expect(granted["Reviewers"][0]["GlobalKey"].string == "admin", "\(granted)")
                #expect(try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]["Granted"].int == 1)
                let merged = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"m""#)
                #expect(merged["MergeRequestInfo"]["Status"].string == "ACCEPTED", "\(merged)")

                // Required status checks: a failing then a successful status on the source tip.
                _ = try await w.action("ModifyBranchProtection", #""BranchProtectionId":\#(ruleID),"RequiredGrantCount":0,"RequiredStatusCheck":true"#)
                try await runGit(["fetch", "-q", "origin"], in: bob)
                try await runGit(["checkout", "-q", "-b", "ci", "origin/master"], in: bob)
                try "ci\n".write(toFile: bob + "/ci.txt", atomically: true, encoding: .utf8)
                try await runGit(["add", "ci.txt"], in: bob)
                try await runGit(["commit", "-q", "-m", "ci"], in: bob)
                try await runGit(["push", "-q", "origin", "ci"], in: bob)
                let sha = try await runGit(["rev-parse", "HEAD"], in: bob).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                let ci = try await w.openMR("ci", token: bobToken)
                _ = try await w.action(
                    "ModifyGitCommitStatus",
                    #""CommitSha":"\#(sha)","State":"COMMIT_STATE_FAILURE","Context":"build","Description":"red","TargetURL":"http://ci/1""#)
                #expect(try await w.action("ModifyMergeMR", #""MergeId":\#(ci),"Message":"m""#)["Error"]["Code"].string == "FailedOperation")
                _ = try await w.action(
                    "ModifyGitCommitStatus",
                    #""CommitSha":"\#(sha)","State":"COMMIT_STATE_SUCCESS","Context":"build","Description":"green","TargetURL":"http://ci/2""#)
                let statuses = try await w.action("DescribeGitCommitStatus", #""CommitSha":"\#(sha)""#)["StatusCheckResults"]
                #expect(statuses.array.map { $0["State"].string } == ["COMMIT_STATE_SUCCESS"])
                #expect(try await w.action("ModifyMergeMR", #""MergeId":\#(ci),"Message":"m""#)["MergeRequestInfo"]["Status"].string == "ACCEPTED")

                // Without the rule, pushes are free again.
                #expect(try await w.action("DeleteBranchProtection", #""BranchProtectionId":\#(ruleID)"#)["Error"].isNull)
                try await runGit(["fetch", "-q", "origin"], in: bob)
                try await runGit(["checkout", "-q", "-B", "master", "origin/master"], in: bob)
                try await runGit(["commit", "-q", "--allow-empty", "-m", "free"], in: bob)
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: bob)
            }
        }
    }
}
