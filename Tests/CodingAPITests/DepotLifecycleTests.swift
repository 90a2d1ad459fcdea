import Foundation
import SlipwayCore
import Testing

@Suite("CODING depot archive, transfer, templates and team listing")
struct DepotLifecycleTests {
    @Test(arguments: CodingStoreKind.enabled)
    func archivedDepotIsReadOnly(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                // The documented example: {"Action":"ModifyGitDepotArchive","DepotId":2}.
                let archived = try await h.action("ModifyGitDepotArchive", #"{"Action":"ModifyGitDepotArchive","DepotId":\#(w.depotID)}"#)
                #expect(archived.response["Error"].isNull, "\(archived.text)")
                #expect(archived.response["RequestId"].string != nil)

                // git push is refused by the transport, with the reason shown to the client.
                try await w.commit("late.txt", "late\n", "late")
                let push = try await runGit(["push", "origin", "HEAD:master"], in: w.dir, check: false)
                #expect(push.status != 0)
                #expect(push.stderr.contains("is archived and read-only"), "\(push.stderr)")
                // Reads still work: clone, fetch and Describe*.
                try await runGit(["clone", "-q", h.cloneURL("alpha", "app", token: h.adminToken), "copy"], in: scratch)
                #expect(FileManager.default.fileExists(atPath: scratch + "/copy/README.md"))
                let branches = try await w.action("DescribeGitBranches", "")
                #expect(branches["Branches"][0]["IsReadOnly"].bool == true, "\(branches)")
                // Every API write errors.
                let files = try await w.action(
                    "CreateGitFiles", #""Message":"x","Ref":"master","GitFiles":[{"Path":"x.txt","Content":"x"}]"#)
                #expect(files["Error"]["Code"].string == "FailedOperation", "\(files)")
                #expect(files["Error"]["Message"].string?.contains("archived") == true)
                #expect(try await w.action("CreateGitBranch", #""BranchName":"b","StartPoint":"master""#)["Error"]["Code"].string == "FailedOperation")
                #expect(try await w.action("ModifyDepotDescription", #""Description":"d""#)["Error"]["Code"].string == "FailedOperation")
                #expect(try await w.remote("refs/heads/b") == nil)

                // Unarchived, the same push goes through.
                #expect(try await w.action("ModifyGitDepotUnarchive", "")["Error"].isNull)
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                #expect(try await w.remote("refs/heads/master") == (try await w.rev("HEAD")))
                #expect(try await w.action("DescribeGitBranches", "")["Branches"][0]["IsReadOnly"].bool == false)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func archiveNeedsAdminAndAnExistingDepot(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let (_, bobToken) = try await h.makeUser("bob")
            let project = try await h.makeProject("alpha")
            let depot = try await h.makeDepot(project, "app")
            _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(project),"Type":80,"UserGlobalKeyList":["bob"]}"#)
            let denied = try await h.action("ModifyGitDepotArchive", #"{"DepotId":\#(depot)}"#, token: bobToken)
            #expect(denied.response["Error"]["Code"].string == "UnauthorizedOperation", "\(denied.text)")
            #expect(try await h.action("ModifyGitDepotArchive", #"{"DepotId":999}"#).response["Error"]["Code"].string == "ResourceNotFound")
            #expect(try await h.action("ModifyGitDepotArchive", "{}").response["Error"]["Code"].string == "MissingParameter")
            // An archived depot can still be deleted by its admin.
            _ = try await h.action("ModifyGitDepotArchive", #"{"DepotId":\#(depot)}"#)
            #expect(try await h.action("DeleteGitDepot", #"{"DepotId":\#(depot)}"#).response["Error"].isNull)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func transferMovesTheRepositoryAndKeepsMergeRequests(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let target = try await h.makeProject("beta")
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("f.txt", "f\n", "feature")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let mr = try await w.openMR("feature")
                #expect(try await w.action("CreateBranchProtection", #""Rule":"master""#)["Error"].isNull)

                let moved = try await w.action("ModifyGitTransfer", #""TargetProjectId":\#(target)"#)
                #expect(moved["NewDepotPath"].string == "/p/beta/d/app/git", "\(moved)")
                // The new URL clones, the old one is gone.
                try await runGit(["clone", "-q", h.cloneURL("beta", "app", token: h.adminToken), "moved"], in: scratch)
                #expect(FileManager.default.fileExists(atPath: scratch + "/moved/README.md"))
                let old = try await runGit(["ls-remote", h.cloneURL("alpha", "app", token: h.adminToken)], in: scratch, check: false)
                #expect(old.status != 0)
                #expect(old.stderr.contains("404") || old.stderr.contains("not found"), "\(old.stderr)")
                let depot = try await w.action("DescribeGitDepot", "")["Depot"]
                #expect(depot["HttpsUrl"].string?.hasSuffix("/slipway/beta/app.git") == true, "\(depot)")
                #expect(depot["ProjectId"].int == target)
                // Merge requests and protection stay attached.
                let info = try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]
                #expect(info["Status"].string == "CANMERGE", "\(info)")
                #expect(info["ProjectId"].int == target)
                #expect(info["TargetBranchProtected"].bool == true)
                let listed = try await h.action("DescribeProjectMergeRequests", #"{"ProjectId":\#(target)}"#).response["Data"]
                #expect(listed["TotalRow"].int == 1, "\(listed)")

                // Into the project it is already in, or onto a taken name: refused, nothing moves.
                #expect(try await w.action("ModifyGitTransfer", #""TargetProjectId":\#(target)"#)["Error"]["Code"].string == "InvalidParameterValue")
                let alpha = try #require(try await h.action("DescribeProjectByName", #"{"ProjectName":"alpha"}"#).response["Project"]["Id"].int)
                _ = try await h.makeDepot(alpha, "app")
                #expect(try await w.action("ModifyGitTransfer", #""TargetProjectId":\#(alpha)"#)["Error"]["Code"].string == "FailedOperation")
                #expect(try await runGit(["ls-remote", h.cloneURL("beta", "app", token: h.adminToken)], in: scratch, check: false).status == 0)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func createFromBuiltInTemplateAndFromADepot(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await w.commit("src.txt", "template content\n", "second")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                // The documented example (UserId is the acting user, the caller).
                let spring = try await h.action(
                    "CreateDepotByTemplate",
                    """
                    {"Action":"CreateDepotByTemplate","ProjectId":\(w.projectID),"DepotName":"hexo-demo-2",
                     "Description":"a Spring depot","Template":"SPRING","UserId":1}
                    """
                ).response
                let info = spring["DepotInfo"]
                #expect(info["Name"].string == "hexo-demo-2", "\(spring)")
                #expect(info["ProjectId"].int == w.projectID)
                #expect(info["VcsType"].string == "git")
                #expect(info["Description"].string == "a Spring depot")
                #expect(info["HttpsUrl"].string?.hasSuffix("/slipway/alpha/hexo-demo-2.git") == true)
                try await runGit(["clone", "-q", h.cloneURL("alpha", "hexo-demo-2", token: h.adminToken), "spring"], in: scratch)
                #expect(FileManager.default.fileExists(atPath: scratch + "/spring/pom.xml"))
                #expect(FileManager.default.fileExists(atPath: scratch + "/spring/src/main/java/com/example/app/Application.java"))
                let log = try await runGit(["log", "--format=%s"], in: scratch + "/spring").stdout
                #expect(log == "Initial commit from the SPRING template\n")

                // From another depot: its files, one fresh commit, none of its history.
                let copy = try await h.action(
                    "CreateDepotByTemplate",
                    """
                    {"ProjectId":\(w.projectID),"DepotName":"copy","Template":"\(w.depotID)","UserId":1}
                    """
                ).response
                #expect(copy["DepotInfo"]["Name"].string == "copy", "\(copy)")
                try await runGit(["clone", "-q", h.cloneURL("alpha", "copy", token: h.adminToken), "copy"], in: scratch)
                #expect(try String(contentsOfFile: scratch + "/copy/src.txt", encoding: .utf8) == "template content\n")
                #expect(try await runGit(["rev-list", "--count", "HEAD"], in: scratch + "/copy").stdout == "1\n")
                let sourceTree = try await runGit(["rev-parse", "HEAD^{tree}"], in: w.dir).stdout
                #expect(try await runGit(["rev-parse", "HEAD^{tree}"], in: scratch + "/copy").stdout == sourceTree)

                // Unknown templates, empty template depots and taken names leave nothing behind.
                let bad = try await h.action("CreateDepotByTemplate", #"{"ProjectId":\#(w.projectID),"DepotName":"x","Template":"COBOL","UserId":1}"#)
                #expect(bad.response["Error"]["Code"].string == "InvalidParameterValue")
                let empty = try await h.makeDepot(w.projectID, "empty")
                let fromEmpty = try await h.action("CreateDepotByTemplate", #"{"ProjectId":\#(w.projectID),"DepotName":"y","Template":"\#(empty)","UserId":1}"#)
                #expect(fromEmpty.response["Error"]["Code"].string == "InvalidParameterValue", "\(fromEmpty.text)")
                let taken = try await h.action("CreateDepotByTemplate", #"{"ProjectId":\#(w.projectID),"DepotName":"copy","Template":"FLASK","UserId":1}"#)
                #expect(taken.response["Error"]["Code"].string == "FailedOperation")
                let names = try await h.action("DescribeProjectDepotInfoList", #"{"ProjectId":\#(w.projectID)}"#)
                    .response["DepotData"]["Depots"].array.compactMap { $0["Name"].string }
                #expect(names == ["app", "hexo-demo-2", "copy", "empty"])
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func teamDepotListRespectsVisibilityFiltersAndPages(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let (_, bobToken) = try await h.makeUser("bob")
            let alpha = try await h.makeProject("alpha")
            let beta = try await h.makeProject("beta")
            let open = try await h.makeProject("open", shared: true)
            for name in ["one", "two", "three"] { _ = try await h.makeDepot(alpha, name) }
            _ = try await h.makeDepot(beta, "secret")
            _ = try await h.makeDepot(open, "shared")
            _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(alpha),"Type":80,"UserGlobalKeyList":["bob"]}"#)

            // The documented example's shape, as the admin: everything, paged.
            let all = try await h.action("DescribeTeamDepotInfoList", #"{"ProjectName":"","DepotName":"","PageNumber":1,"PageSize":2}"#).response
            let data = all["DepotData"]
            #expect(data["Page"]["TotalRow"].int == 5, "\(all)")
            #expect(data["Page"]["TotalPage"].int == 3)
            #expect(data["Page"]["PageSize"].int == 2)
            #expect(data["Depots"].array.compactMap { $0["Name"].string } == ["one", "two"])
            #expect(data["Depots"][0]["GroupName"].string == "alpha")
            #expect(data["Depots"][0]["GroupType"].string == "PROJECT_GROUP")
            #expect(data["Depots"][0]["ProjectId"].int == alpha)
            #expect(data["Depots"][0]["HttpsUrl"].string?.hasSuffix("/slipway/alpha/one.git") == true)
            let third = try await h.action("DescribeTeamDepotInfoList", #"{"PageNumber":3,"PageSize":2}"#).response["DepotData"]
            #expect(third["Depots"].array.compactMap { $0["Name"].string } == ["shared"])

            // Bob sees his project's depots and the public project's, not beta's.
            let bobs = try await h.action("DescribeTeamDepotInfoList", #"{"PageNumber":1,"PageSize":50}"#, token: bobToken).response
            #expect(bobs["DepotData"]["Depots"].array.compactMap { $0["Name"].string } == ["one", "two", "three", "shared"], "\(bobs)")
            // Filters: project (also as GroupName) and depot name substrings.
            let byDepot = try await h.action("DescribeTeamDepotInfoList", #"{"DepotName":"T","PageNumber":1,"PageSize":50}"#).response
            #expect(byDepot["DepotData"]["Depots"].array.compactMap { $0["Name"].string } == ["two", "three", "secret"])
            let byGroup = try await h.action("DescribeTeamDepotInfoList", #"{"GroupName":"bet","PageNumber":1,"PageSize":50}"#).response
            #expect(byGroup["DepotData"]["Depots"].array.compactMap { $0["Name"].string } == ["secret"])
            #expect(
                try await h.action("DescribeTeamDepotInfoList", #"{"PageNumber":0,"PageSize":10}"#).response["Error"]["Code"].string == "InvalidParameterValue")
        }
    }
}
