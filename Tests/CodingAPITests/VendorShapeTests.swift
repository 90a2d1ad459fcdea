import Foundation
import SlipwayCore
import Testing

/// Issue 10: the vendor's request shapes, value types and action names; NUL in any string;
/// `LastCommitSha` as an optimistic lock.
@Suite("CODING vendor shapes: NUL refused, aliases, nested ids, types, stale writes")
struct VendorShapeTests {
    @Test(arguments: CodingStoreKind.enabled)
    func nulCharactersAreInvalidInputEverywhere(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let head = try await w.rev("HEAD")
                let calls: [(String, String, String)] = [
                    ("CreateGitFiles", #""Ref":"master","Message":"bad\u0000msg","GitFiles":[{"Path":"a.txt","Content":"a"}]"#, "Message"),
                    ("CreateGitCommit", #""Ref":"master","Message":"m\u0000","CommitFiles":[{"Path":"b.txt","Content":"b"}]"#, "Message"),
                    ("ModifyGitCommitRevert", #""BranchName":"master","Sha":"\#(head)","Message":"x\u0000y""#, "Message"),
                    ("CreateGitFiles", #""Ref":"master","Message":"m","GitFiles":[{"Path":"c\u0000.txt","Content":"c"}]"#, "GitFiles.0.Path"),
                    ("DescribeGitBranch", #""BranchName":"ma\u0000ster""#, "BranchName"),
                ]
                for (action, fields, parameter) in calls {
                    let r = try await w.action(action, fields)
                    #expect(r["Error"]["Code"].string == "InvalidParameterValue", "\(action): \(r)")
                    #expect(r["Error"]["Message"].string == "parameter \(parameter) must not contain NUL characters", "\(r)")
                }
                let key = try await h.action("DescribeGitDepot", "{\"DepotId\":\(w.depotID),\"x\\u0000\":1}").response
                #expect(key["Error"]["Code"].string == "InvalidParameter", "\(key)")
                #expect(try await w.remote("refs/heads/master") == head)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func vendorNamesAndShapesAreServed(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let head = try await w.rev("HEAD")
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("a.txt", "a\n", "add a")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let tip = try await w.rev("HEAD")

                // Commits under the vendor's names.
                let infos = try await w.action("DescribeGitCommitInfos", #""Ref":"feature","KeyWord":"add""#)
                #expect(infos["Commits"].array.map { $0["Sha"].string } == [tip], "\(infos)")
                #expect(infos["Commits"][0]["AuthorName"].string == "Ada Pusher")
                #expect(infos["Commits"][0]["Committer"]["Name"].string == "Ada Pusher")
                let info = try await w.action("DescribeGitCommitInfo", #""Sha":"\#(tip)""#)
                #expect(info["GitCommit"]["Parents"].array.map(\.string) == [head], "\(info)")
                let paged = try await w.action("DescribeGitCommitsInPage", #""Ref":"feature","PageNumber":1,"PageSize":1"#)
                #expect(paged["Data"]["Commits"].array.count == 1, "\(paged)")
                #expect(paged["Data"]["Page"]["TotalRow"].int == 2)
                #expect(paged["Data"]["Page"]["TotalPage"].int == 2)
                let between = try await w.action("DescribeCommitsBetweenCommitAndCommit", #""Source":"feature","Target":"master""#)
                #expect(between["DifferentOfCommitDetail"]["Commits"][0]["Sha"].string == tip, "\(between)")
                #expect(between["DifferentOfCommitDetail"]["DifferentOfCommits"][0]["ChangeType"].string == "ADD")
                let diff = try await w.action("DescribeDifferentBetweenTwoCommits", #""Source":"master","Target":"feature","Path":"a.txt""#)
                #expect(diff["DiffFileInfo"]["Insertions"].int == 1, "\(diff)")
                let branches = try await h.action(
                    "DescribeGitBranchList", #"{"DepotPath":"slipway/alpha/app","PageNumber":1,"PageSize":10}"#
                ).response
                #expect(branches["GitBranchesData"]["TotalCount"].int == 2, "\(branches)")

                // Merge requests under the vendor's names.
                let created = try await w.action(
                    "CreateGitMergeRequest", #""Title":"t","Content":"c","SrcBranch":"feature","DestBranch":"master""#)
                #expect(created["Request"]["IId"].int == 1, "\(created)")
                #expect(created["Request"]["DepotPath"].string == "slipway/alpha/app")
                #expect(created["Request"]["ProjectId"].int == w.projectID)
                let mr = try await w.action("DescribeMergeReqInfo", #""MergeId":1"#)
                #expect(mr["MergeReqInfo"]["SourceBranch"].string == "feature", "\(mr)")
                #expect(mr["MergeReqInfo"]["Status"].string == "CANMERGE")
                let mrCommits = try await w.action("DescribeMergeReqCommits", #""MergeId":1"#)
                #expect(mrCommits["Commits"].array.map { $0["Sha"].string } == [tip], "\(mrCommits)")

                // Protection: the vendor nests the rule id; the vendor's list name.
                _ = try await w.action("CreateBranchProtection", #""Rule":"master""#)
                let ruleID = try #require(try await w.action("DescribeBranchProtections", "")["BranchProtections"][0]["BranchProtectionId"].int)
                let nested = try await w.action(
                    "ModifyBranchProtection", #""BranchProtection":{"BranchProtectionId":\#(ruleID),"RequiredGrantCount":2,"ForceSquash":true}"#)
                #expect(nested["BranchProtection"]["RequiredGrantCount"].int == 2, "\(nested)")
                #expect(nested["BranchProtection"]["ForceSquash"].bool == true)
                let protected = try await h.action(
                    "DescribeProtectedBranches", #"{"DepotId":\#(w.depotID),"DepotPath":"slipway/alpha/app"}"#
                ).response
                #expect(protected["ProtectedBranches"].array.map { $0["Name"].string } == ["master"], "\(protected)")
                #expect(protected["ProtectedBranches"][0]["ForceSquash"].bool == true)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func releasesTakeTheVendorsReleaseIdAndTagName(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let head = try await w.rev("HEAD")
                let created = try await w.action(
                    "CreateGitRelease",
                    """
                    "TagName":"v1","Title":"One","Description":"first","CommitSha":"\(head)","TargetCommitBranch":"master","Pre":false,"UserId":1
                    """)
                #expect(created["Error"].isNull, "\(created)")
                let listed = try await w.action("DescribeGitReleases", "")["ReleasePageList"]["Releases"][0]
                let releaseID = try #require(listed["ReleaseId"].int, "\(listed)")
                #expect(listed["TargetCommitBranch"].string == "master")
                let detail = try await w.action("DescribeGitReleaseDetail", #""ReleaseId":\#(releaseID),"TagName":"v1""#)
                #expect(detail["Release"]["Title"].string == "One", "\(detail)")
                let modified = try await w.action("ModifyGitRelease", #""ReleaseId":\#(releaseID),"TagName":"v1","Title":"Uno""#)
                #expect(modified["Error"].isNull, "\(modified)")
                #expect(try await w.action("DescribeGitReleaseDetail", #""TagName":"v1""#)["Release"]["Title"].string == "Uno")
                let mismatch = try await w.action("DescribeGitReleaseDetail", #""ReleaseId":\#(releaseID),"TagName":"v2""#)
                #expect(mismatch["Error"]["Code"].string == "ResourceNotFound", "\(mismatch)")
                // Slipway's own shape keeps working.
                #expect(try await w.action("DescribeGitReleaseDetail", #""Iid":\#(releaseID)"#)["Release"]["TagName"].string == "v1")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func valueTypesFollowTheSpec(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let blame = try await h.action(
                    "DescribeGitBlameInfo", #"{"DepotPath":"slipway/alpha/app","CommitSha":"master","FilePath":"README.md"}"#
                ).response
                #expect(blame["Info"][0]["Committer"]["Status"].string == "ACTIVE", "\(blame)")
                let blobSHA = try await runGit(["rev-parse", "HEAD:README.md"], in: w.dir).stdout
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let blob = try await w.action("DescribeGitBlob", #""BlobSha":"\#(blobSHA)""#)
                #expect(blob["Data"]["Size"].int == 6, "\(blob)")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func aStaleLastCommitShaIsRefused(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let old = try await w.rev("HEAD")
                try await w.commit("b.txt", "b\n", "b")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                let head = try await w.rev("HEAD")
                for extra in ["", #","NewRef":"topic""#] {
                    let stale = try await w.action(
                        "CreateGitFiles",
                        """
                        "Ref":"master","LastCommitSha":"\(old)","Message":"m","GitFiles":[{"Path":"s.txt","Content":"s"}]\(extra)
                        """)
                    #expect(stale["Error"]["Code"].string == "FailedOperation", "\(extra): \(stale)")
                    #expect(stale["Error"]["Message"].string?.contains("stale write") == true, "\(stale)")
                }
                let unknown = try await w.action(
                    "CreateGitFiles",
                    """
                    "Ref":"master","LastCommitSha":"\(String(repeating: "e", count: 40))","Message":"m","GitFiles":[{"Path":"s.txt","Content":"s"}]
                    """)
                #expect(unknown["Error"]["Code"].string == "FailedOperation", "\(unknown)")
                #expect(try await w.remote("refs/heads/topic") == nil)
                #expect(try await w.remote("refs/heads/master") == head)
                let fresh = try await w.action(
                    "CreateGitFiles",
                    """
                    "Ref":"master","LastCommitSha":"\(head)","Message":"m","GitFiles":[{"Path":"s.txt","Content":"s"}],"NewRef":"topic"
                    """)
                #expect(fresh["GitCommit"]["Parents"].array.map(\.string) == [head], "\(fresh)")
                #expect(try await w.remote("refs/heads/topic") == fresh["GitCommit"]["Sha"].string)
            }
        }
    }
}
