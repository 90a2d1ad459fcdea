import Foundation
import SlipwayCore
import Testing

@Suite("CODING legacy protected-branch calls over the same rules as the new ones")
struct LegacyProtectionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func branchResponsesShowProtection(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await runGit(["push", "-q", "origin", "HEAD:release/1.0", "HEAD:dev"], in: w.dir)
                let before = try await w.action("DescribeGitBranch", #""BranchName":"master""#)["GitBranch"]
                #expect(before["IsProtected"].bool == false, "\(before)")
                #expect(try await w.action("CreateBranchProtection", #""Rule":"master","DenyForcePush":true"#)["Error"].isNull)
                #expect(try await w.action("CreateBranchProtection", #""Rule":"release/*","DenyForcePush":false,"ForceSquash":true"#)["Error"].isNull)

                let one = try await w.action("DescribeGitBranch", #""BranchName":"master""#)["GitBranch"]
                #expect(one["IsProtected"].bool == true, "\(one)")
                #expect(one["DenyForcePush"].bool == true)
                let all = try await w.action("DescribeGitBranches", "")["Branches"].array
                let byName = Dictionary(uniqueKeysWithValues: all.compactMap { b in b["BranchName"].string.map { ($0, b) } })
                #expect(byName["master"]?["IsProtected"].bool == true, "\(all)")
                #expect(byName["release/1.0"]?["IsProtected"].bool == true)
                #expect(byName["release/1.0"]?["DenyForcePush"].bool == false)
                #expect(byName["release/1.0"]?["ForceSquash"].bool == true)
                #expect(byName["dev"]?["IsProtected"].bool == false)
                #expect(byName["dev"]?["DenyForcePush"].bool == false)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func legacyAndNewCallsShareRules(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let (_, bobToken) = try await h.makeUser("bob")
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(w.projectID),"Type":80,"UserGlobalKeyList":["bob"]}"#)
                try await runGit(["push", "-q", "origin", "HEAD:dev", "HEAD:feat/x"], in: w.dir)
                let tipTime = try await runGit(["log", "-1", "--format=%ct", "master"], in: w.dir).stdout
                    .trimmingCharacters(in: .whitespacesAndNewlines)

                // Legacy write (the documented example), new read.
                let created = try await h.action("CreateProtectedBranch", #"{"Action":"CreateProtectedBranch","DepotId":\#(w.depotID),"BranchName":"master"}"#)
                #expect(created.response["Error"].isNull, "\(created.text)")
                let rules = try await w.action("DescribeBranchProtections", "")["BranchProtections"]
                #expect(rules.array.count == 1)
                #expect(rules[0]["Rule"].string == "master")
                #expect(rules[0]["DenyForcePush"].bool == true)
                let ruleID = try #require(rules[0]["BranchProtectionId"].int)
                #expect(try await w.action("CreateProtectedBranch", #""BranchName":"master""#)["Error"]["Code"].string == "FailedOperation")
                #expect(try await w.action("CreateProtectedBranch", #""BranchName":"nope""#)["Error"]["Code"].string == "ResourceNotFound")
                let denied = try await w.action("CreateProtectedBranch", #""BranchName":"dev""#, token: bobToken)
                #expect(denied["Error"]["Code"].string == "UnauthorizedOperation")

                // New write, legacy read.
                _ = try await w.action("ModifyBranchProtection", #""BranchProtectionId":\#(ruleID),"RequiredStatusCheck":true,"ForceSquash":true"#)
                #expect(try await w.action("CreateBranchProtection", #""Rule":"feat/*""#)["Error"].isNull)
                let branch = try await w.action("DescribeProtectedBranch", #""BranchName":"master""#)["ProtectedBranch"]
                #expect(branch["Name"].string == "master", "\(branch)")
                #expect(branch["StatusCheck"].bool == true)
                #expect(branch["ForceSquash"].bool == true)
                #expect(branch["DenyForcePush"].bool == true)
                #expect(branch["CommitDate"].int == (Int64(tipTime) ?? 0) * 1000)
                #expect(try await w.action("DescribeProtectedBranch", #""BranchName":"dev""#)["Error"]["Code"].string == "ResourceNotFound")
                let listed = try await w.action("DescribeProtectedBranchs", "")["ProtectedBranchs"].array
                #expect(listed.compactMap { $0["Name"].string } == ["feat/x", "master"], "\(listed)")

                // Members: legacy add, both reads; legacy managers may push, and git sees it.
                try await w.commit("x.txt", "x\n", "x")
                #expect(try await runGit(["push", "origin", "HEAD:master"], in: w.dir, check: false).status != 0)
                let member = try await w.action("CreateProtectedBranchMember", #""BranchName":"master","GlobalKey":"admin""#)
                #expect(member["Error"].isNull, "\(member)")
                let legacyMembers = try await w.action("DescribeProtectedBranchMembers", #""BranchName":"master""#)["Members"]
                #expect(legacyMembers[0]["GlobalKey"].string == "admin", "\(legacyMembers)")
                #expect(legacyMembers[0]["Name"].string == "Admin")
                #expect(legacyMembers[0]["HasPushAccess"].bool == true)
                #expect(legacyMembers[0]["HasUpdateAccess"].bool == true)
                let newMembers = try await w.action("DescribeBranchProtectionMembers", #""BranchProtectionId":\#(ruleID)"#)["Members"]
                #expect(newMembers[0]["GlobalKey"].string == "admin")
                #expect(newMembers[0]["AllowPush"].bool == true)
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                // A rule deleted by the new call is gone for the legacy one.
                _ = try await w.action("DeleteBranchProtection", #""BranchProtectionId":\#(ruleID)"#)
                #expect(try await w.action("DescribeProtectedBranchMembers", #""BranchName":"master""#)["Error"]["Code"].string == "ResourceNotFound")
                #expect(
                    try await w.action("CreateProtectedBranchMember", #""BranchName":"master","GlobalKey":"bob""#)["Error"]["Code"].string == "ResourceNotFound"
                )
                #expect(try await w.action("DescribeProtectedBranch", "")["Error"]["Code"].string == "MissingParameter")
            }
        }
    }
}
