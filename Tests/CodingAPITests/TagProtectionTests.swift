import Foundation
import SlipwayCore
import Testing

@Suite("CODING tag protection, enforced on push and on tag actions")
struct TagProtectionTests {
    @Test func ruleMatching() {
        let rules = [
            TagProtectionRule(id: 2, depotID: 1, rule: "v*", creatorUID: "u"),
            TagProtectionRule(id: 1, depotID: 1, rule: "2022*", creatorUID: "u"),
        ]
        #expect(TagProtectionRule.protecting("v1.0", in: rules)?.rule == "v*")
        #expect(TagProtectionRule.protecting("20221001", in: rules)?.id == 1)
        #expect(TagProtectionRule.protecting("release", in: rules) == nil)
        #expect(TagProtectionRule.protecting("v/1", in: rules) == nil)
        #expect(throws: SlipwayError.self) { try TagProtectionRule.validate("has space") }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func protectedTagsAreForProjectAdmins(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let bobToken = try await w.addMember("bob"), carolToken = try await w.addMember("carol", admin: true)
                let head = try await w.rev("HEAD")
                for tag in ["v1.0", "rel-1", "other"] {
                    #expect(try await w.action("CreateGitTag", #""TagName":"\#(tag)","StartPoint":"master","Message":"""#)["Error"].isNull)
                }

                // Rules: one, then several (an item may list several, comma-separated); developers may not manage them.
                #expect(try await w.action("CreateGitProtectedTagRule", #""Rule":"v*""#)["Error"].isNull)
                #expect(try await w.action("CreateGitProtectedTagRule", #""Rule":"v*""#)["Error"]["Code"].string == "FailedOperation")
                #expect(try await w.action("CreateGitProtectedTagRules", #""Rule":["rel-*,x*","v*"]"#)["Error"].isNull)
                let denied = try await w.action("CreateGitProtectedTagRule", #""Rule":"b*""#, token: bobToken)
                #expect(denied["Error"]["Code"].string == "UnauthorizedOperation")
                #expect(try await w.action("CreateGitProtectedTagRule", #""Rule":"a b""#)["Error"]["Code"].string == "InvalidParameterValue")

                let protected = try await w.action("DescribeGitProtectedTags", "", token: bobToken)["GitTags"]
                #expect(protected.array.map { $0["TagName"].string } == ["rel-1", "v1.0"], "\(protected)")
                #expect(protected[0]["Commit"]["Sha"].string == head)
                #expect(protected[0]["Message"].string == "initial")
                let byRule = try await w.action("DescribeGitProtectedTagsByRule", #""Rule":"v*""#)["GitTags"]
                #expect(byRule.array.map { $0["TagName"].string } == ["v1.0"])
                let noRule = try await w.action("DescribeGitProtectedTagsByRule", #""Rule":"zz*""#)
                #expect(noRule["Error"]["Code"].string == "ResourceNotFound")

                // A developer can neither push, move nor delete a matching tag, nor create one by API.
                try await runGit(["clone", "-q", h.cloneURL("alpha", "app", token: bobToken), "bob"], in: scratch)
                let bob = scratch + "/bob"
                try await runGit(["tag", "v2.0"], in: bob)
                let pushed = try await runGit(["push", "origin", "v2.0"], in: bob, check: false)
                #expect(pushed.status != 0)
                #expect(pushed.stderr.contains("tag v2.0 is protected by the rule v*"), "\(pushed.stderr)")
                #expect(try await runGit(["push", "origin", ":refs/tags/v1.0"], in: bob, check: false).status != 0)
                #expect(try await w.remote("refs/tags/v1.0") == head)
                let apiTag = try await w.action("CreateGitTag", #""TagName":"v3.0","StartPoint":"master""#, token: bobToken)
                #expect(apiTag["Error"]["Code"].string == "UnauthorizedOperation", "\(apiTag)")
                let apiDelete = try await w.action("DeleteGitTag", #""TagName":"rel-1""#, token: bobToken)
                #expect(apiDelete["Error"]["Code"].string == "UnauthorizedOperation")
                let release = try await w.action(
                    "CreateGitRelease", #""TagName":"x1","CommitSha":"\#(head)","Title":"t","Description":"d""#, token: bobToken)
                #expect(release["Error"]["Code"].string == "UnauthorizedOperation")
                // Tags no rule covers stay free.
                try await runGit(["tag", "b1"], in: bob)
                try await runGit(["push", "-q", "origin", "b1"], in: bob)
                #expect(try await w.action("CreateGitTag", #""TagName":"b2","StartPoint":"master""#, token: bobToken)["Error"].isNull)

                // A project admin may.
                try await runGit(["clone", "-q", h.cloneURL("alpha", "app", token: carolToken), "carol"], in: scratch)
                let carol = scratch + "/carol"
                try await runGit(["tag", "v2.0"], in: carol)
                try await runGit(["push", "-q", "origin", "v2.0"], in: carol)
                #expect(try await w.remote("refs/tags/v2.0") == head)
                #expect(try await w.action("CreateGitTag", #""TagName":"v3.0","StartPoint":"master""#, token: carolToken)["Error"].isNull)
                #expect(try await w.action("DeleteGitTag", #""TagName":"rel-1""#, token: carolToken)["Error"].isNull)
                #expect(try await w.remote("refs/tags/rel-1") == nil)

                // Without the rule, the developer's push goes through.
                #expect(try await w.action("DeleteGitProtectedTagRule", #""Rule":"v*""#)["Error"].isNull)
                #expect(try await w.action("DeleteGitProtectedTagRule", #""Rule":"v*""#)["Error"]["Code"].string == "ResourceNotFound")
                try await runGit(["tag", "v4.0"], in: bob)
                try await runGit(["push", "-q", "origin", "v4.0"], in: bob)
                #expect(try await w.remote("refs/tags/v4.0") == head)
            }
        }
    }
}
