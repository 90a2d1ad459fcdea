import Foundation
import Testing

/// CODING object actions on content written through the API itself.
@Suite struct CodingObjectActionTests {
    @Test(arguments: StoreKind.enabled)
    func blobsRefsContributorsAndTagsByBranch(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            func action(_ name: String, _ body: String) async throws -> JSON {
                try await app.call(.post, "/open-api?Action=\(name)", auth: .codingToken(app.adminToken), body: body).json["Response"]
            }
            _ = try await app.makeProject("objects")
            let projectID = try #require(try await action("DescribeProjectByName", #"{"ProjectName":"objects"}"#)["Project"]["Id"].int)
            let depotID = try #require(try await action("CreateGitDepot", #"{"ProjectId":\#(projectID),"DepotName":"repo"}"#)["DepotId"].int)
            let first = try await action(
                "CreateGitCommit",
                """
                {"DepotPath":"\(depotID)","Ref":"master","Message":"first\\n\\nbody","LastCommitSha":"",
                 "CommitFiles":[{"Path":"hello.txt","Content":"hello\\n"}]}
                """)
            let sha = try #require(first["GitCommit"]["Sha"].string, "\(first)")
            _ = try await action("CreateGitTag", #"{"DepotId":\#(depotID),"TagName":"v1","StartPoint":"master","Message":"release one"}"#)
            _ = try await action(
                "CreateGitCommit",
                """
                {"DepotPath":"\(depotID)","Ref":"master","Message":"second","CommitFiles":[{"Path":"hello.txt","Content":"bye\\n"}]}
                """)

            let tree = try await action("DescribeGitFiles", #"{"DepotId":\#(depotID),"Ref":"\#(sha)"}"#)
            let blobSHA = try #require(tree["Items"].array.first { $0["Path"].string == "hello.txt" }?["Sha"].string, "\(tree)")
            let blob = try await action("DescribeGitBlob", #"{"DepotId":\#(depotID),"BlobSha":"\#(blobSHA)"}"#)
            #expect(blob["Data"] == JSON(#"{"Size":6,"Encoding":"base64","Content":"aGVsbG8K","BlobSha":"\#(blobSHA)"}"#))
            let raw = try await action("DescribeGitBlobRaw", #"{"DepotId":\#(depotID),"BlobSha":"\#(sha)"}"#)
            #expect(raw["Content"].string?.hasPrefix("tree ") == true)
            #expect(raw["Content"].string?.contains("\n\nfirst\n\nbody") == true)
            let missing = try await action("DescribeGitBlob", #"{"DepotId":\#(depotID),"BlobSha":"0000000000"}"#)
            #expect(missing["Error"]["Code"].string == "ResourceNotFound")

            let branch = try await action("DescribeGitRef", #"{"DepotId":\#(depotID),"Revision":"master"}"#)
            #expect(branch["GitRef"]["Name"].string == "refs/heads/master")
            #expect(branch["GitRef"]["AnnotatedTag"].bool == false)
            #expect(branch["GitRef"]["ShortMessage"].string == "second")
            #expect(branch["GitRef"]["ObjectId"] == branch["GitRef"]["RefObjectId"])
            let tag = try await action("DescribeGitRef", #"{"DepotId":\#(depotID),"Revision":"v1"}"#)
            #expect(tag["GitRef"]["Name"].string == "refs/tags/v1")
            #expect(tag["GitRef"]["ObjectId"].string == sha)
            if tag["GitRef"]["AnnotatedTag"].bool == true {
                #expect(tag["GitRef"]["RefObjectId"].string != sha, "an annotated tag points at its tag object")
            }

            let contributors = try await action("DescribeGitContributors", #"{"DepotId":\#(depotID),"Ref":"master"}"#)
            #expect(contributors["Contributors"].array.count == 1)
            #expect(contributors["Contributors"][0]["Commits"].int == 2)
            let tags = try await action("DescribeGitTagsByBranch", #"{"DepotId":\#(depotID),"Branch":"master"}"#)
            #expect(tags["Tags"] == JSON(#"["v1"]"#))
            let noBranch = try await action("DescribeGitTagsByBranch", #"{"DepotId":\#(depotID),"Branch":"nope"}"#)
            #expect(noBranch["Error"]["Code"].string == "ResourceNotFound")
        }
    }
}
