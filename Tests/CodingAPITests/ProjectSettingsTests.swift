import Foundation
import SlipwayCore
import Testing

@Suite("CODING project settings: edit, members' projects, roles and permissions")
struct ProjectSettingsTests {
    @Test(arguments: CodingStoreKind.enabled)
    func modifyProjectChangesWhatDescribeReturns(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let id = try await h.makeProject("project")
            // The documented example.
            let modified = try await h.action(
                "ModifyProject",
                """
                {"Action":"ModifyProject","ProjectId":\(id),"Name":"project","DisplayName":"Project One",
                 "Description":"edited","StartDate":"2020-01-01","EndDate":"2020-01-02"}
                """)
            #expect(modified.response["Error"].isNull, "\(modified.text)")
            let project = try await h.action("DescribeOneProject", #"{"ProjectId":\#(id)}"#).response["Project"]
            #expect(project["Id"].int == id)
            #expect(project["Name"].string == "project")
            #expect(project["DisplayName"].string == "Project One")
            #expect(project["Description"].string == "edited")
            #expect(project["StartDate"].int == 1_577_836_800_000)
            #expect(project["EndDate"].int == 1_577_923_200_000)
            // Omitted fields keep their value; an empty date clears it.
            _ = try await h.action("ModifyProject", #"{"ProjectId":\#(id),"Name":"project","DisplayName":"P","EndDate":""}"#)
            let again = try await h.action("DescribeOneProject", #"{"ProjectId":\#(id)}"#).response["Project"]
            #expect(again["Description"].string == "edited")
            #expect(again["StartDate"].int == 1_577_836_800_000)
            #expect(again["EndDate"].int == 0)

            func error(_ body: String, token: String? = nil) async throws -> String? {
                try await h.action("ModifyProject", body, token: token).response["Error"]["Code"].string
            }
            #expect(try await error(#"{"ProjectId":\#(id),"DisplayName":"P"}"#) == "MissingParameter")
            #expect(try await error(#"{"ProjectId":\#(id),"Name":"Bad Name","DisplayName":"P"}"#) == "InvalidParameterValue")
            #expect(try await error(#"{"ProjectId":\#(id),"Name":"project","DisplayName":"P","StartDate":"soon"}"#) == "InvalidParameterValue")
            #expect(
                try await error(#"{"ProjectId":\#(id),"Name":"project","DisplayName":"P","StartDate":"2021-02-01","EndDate":"2021-01-01"}"#)
                    == "InvalidParameterValue")
            #expect(try await error(#"{"ProjectId":999,"Name":"project","DisplayName":"P"}"#) == "ResourceNotFound")
            _ = try await h.makeProject("other")
            #expect(try await error(#"{"ProjectId":\#(id),"Name":"other","DisplayName":"P"}"#) == "FailedOperation")
            let (_, bobToken) = try await h.makeUser("bob")
            _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(id),"Type":80,"UserGlobalKeyList":["bob"]}"#)
            #expect(try await error(#"{"ProjectId":\#(id),"Name":"project","DisplayName":"mine"}"#, token: bobToken) == "UnauthorizedOperation")

            // Projects whose Zadig objects name the key keep it.
            let pinned = try await h.makeProject("pinned")
            try await h.store.views.create(WorkflowView(projectKey: "pinned", name: "v", workflows: [], updatedBy: "admin"))
            #expect(try await error(#"{"ProjectId":\#(pinned),"Name":"unpinned","DisplayName":"P"}"#) == "FailedOperation")
            #expect(try await h.store.projects.get(key: "pinned") != nil)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func renameMovesCloneURLs(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let (_, bobToken) = try await h.makeUser("bob")
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(w.projectID),"Type":80,"UserGlobalKeyList":["bob"]}"#)
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("f.txt", "f\n", "feature")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let mr = try await w.openMR("feature")

                let renamed = try await h.action("ModifyProject", #"{"ProjectId":\#(w.projectID),"Name":"omega","DisplayName":"Omega"}"#)
                #expect(renamed.response["Error"].isNull, "\(renamed.text)")
                let project = try await h.action("DescribeProjectByName", #"{"ProjectName":"omega"}"#).response["Project"]
                #expect(project["Id"].int == w.projectID, "\(project)")
                #expect(try await h.action("DescribeProjectByName", #"{"ProjectName":"alpha"}"#).response["Error"]["Code"].string == "ResourceNotFound")
                let depot = try await w.action("DescribeGitDepot", "")["Depot"]
                #expect(depot["HttpsUrl"].string?.hasSuffix("/slipway/omega/app.git") == true, "\(depot)")
                // The new URL clones (for members too), the old one is gone.
                try await runGit(["clone", "-q", h.cloneURL("omega", "app", token: bobToken), "bob"], in: scratch)
                #expect(FileManager.default.fileExists(atPath: scratch + "/bob/README.md"))
                #expect(try await runGit(["ls-remote", h.cloneURL("alpha", "app", token: h.adminToken)], in: scratch, check: false).status != 0)
                let info = try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]
                #expect(info["Path"].string == "/open-api?Action=DescribeMergeRequest&DepotId=\(w.depotID)&MergeId=\(mr)", "\(info)")
                let listed = try await h.action("DescribeProjectMergeRequests", #"{"ProjectId":\#(w.projectID)}"#).response
                #expect(listed["Data"]["TotalRow"].int == 1, "\(listed)")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func userProjectsListMembershipsTheCallerCanSee(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let (bob, bobToken) = try await h.makeUser("bob")
            let (carol, carolToken) = try await h.makeUser("carol")
            let alpha = try await h.makeProject("alpha")
            let beta = try await h.makeProject("beta")
            _ = try await h.makeProject("gamma")
            _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(alpha),"Type":80,"UserGlobalKeyList":["bob","carol"]}"#)
            _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(beta),"Type":90,"UserGlobalKeyList":["bob"]}"#)
            let ids = try await h.store.numericIDs.userIDs(uids: [bob.uid, carol.uid])
            let bobID = try #require(ids[bob.uid]), carolID = try #require(ids[carol.uid])

            // The documented example's shape.
            let mine = try await h.action("DescribeUserProjects", #"{"Action":"DescribeUserProjects","UserId":\#(bobID)}"#, token: bobToken).response
            #expect(mine["ProjectList"].array.compactMap { $0["Name"].string } == ["alpha", "beta"], "\(mine)")
            #expect(mine["ProjectList"][0]["Id"].int == alpha)
            #expect(mine["ProjectList"][0]["DisplayName"].string == "alpha display")
            // Carol shares only alpha with bob, so she sees only that one of his.
            let seen = try await h.action("DescribeUserProjects", #"{"UserId":\#(bobID)}"#, token: carolToken).response
            #expect(seen["ProjectList"].array.compactMap { $0["Name"].string } == ["alpha"])
            let filtered = try await h.action("DescribeUserProjects", #"{"UserId":\#(bobID),"ProjectName":"BET"}"#).response
            #expect(filtered["ProjectList"].array.compactMap { $0["Name"].string } == ["beta"])
            let carols = try await h.action("DescribeUserProjects", #"{"userId":\#(carolID)}"#).response
            #expect(carols["ProjectList"].array.compactMap { $0["Name"].string } == ["alpha"])
            // The admin created all three and administers them.
            let adminID = try #require(try await h.action("DescribeCodingCurrentUser").response["User"]["Id"].int)
            let admins = try await h.action("DescribeUserProjects", #"{"UserId":\#(adminID)}"#).response
            #expect(admins["ProjectList"].array.count == 3, "\(admins)")
            #expect(try await h.action("DescribeUserProjects", #"{"UserId":4242}"#).response["Error"]["Code"].string == "ResourceNotFound")
            #expect(try await h.action("DescribeUserProjects", "{}").response["Error"]["Code"].string == "MissingParameter")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func rolesAndPermissions(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let (_, carolToken) = try await h.makeUser("carol")
            let id = try await h.makeProject("alpha")
            _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(id),"Type":80,"UserGlobalKeyList":["carol"]}"#)
            // The documented example sends ProjectId as a string.
            let roles = try await h.action("DescribeProjectRoles", #"{"Action":"DescribeProjectRoles","ProjectId":"\#(id)"}"#).response
            let list = roles["Roles"].array
            #expect(list.compactMap { $0["RoleTypeName"].string } == ["project-admin", "read-only", "read-project-only", "developer"], "\(roles)")
            #expect(list.compactMap { $0["RoleType"].string } == ["ProjectAdmin", "ProjectGuest", "ProjectGuest", "ProjectMember"])
            let adminRole = try #require(list[0]["RoleId"].int)
            // Roles are the store's: the same ids DescribeProjectMembers reports.
            let members = try await h.action("DescribeProjectMembers", #"{"ProjectId":\#(id),"PageNumber":1,"PageSize":10}"#).response
            #expect(members["Data"]["ProjectMembers"][0]["Roles"][0]["RoleId"].int == adminRole)

            // Carol (a developer) may not hand out roles; an admin grant makes her project admin.
            let grant = #"{"RoleId":\#(adminRole),"UserGK":"carol","ProjectId":\#(id),"ActionFlag":true}"#
            #expect(try await h.action("ModifyProjectPermission", grant, token: carolToken).response["Error"]["Code"].string == "UnauthorizedOperation")
            #expect(try await h.action("ModifyProjectPermission", grant).response["Error"].isNull)
            let edit = #"{"ProjectId":\#(id),"Name":"alpha","DisplayName":"by carol"}"#
            #expect(try await h.action("ModifyProject", edit, token: carolToken).response["Error"].isNull)
            // Revoked (the documented example's shape), the same edit is refused again.
            let revoke = #"{"Action":"ModifyProjectPermission","RoleId":\#(adminRole),"UserGK":"carol","ProjectId":\#(id),"ActionFlag":false}"#
            #expect(try await h.action("ModifyProjectPermission", revoke).response["Error"].isNull)
            #expect(try await h.action("ModifyProject", edit, token: carolToken).response["Error"]["Code"].string == "UnauthorizedOperation")
            #expect(try await h.action("ModifyProjectPermission", revoke).response["Error"]["Code"].string == "ResourceNotFound")
            let unknownRole = #"{"RoleId":99999,"UserGK":"carol","ProjectId":\#(id),"ActionFlag":true}"#
            #expect(try await h.action("ModifyProjectPermission", unknownRole).response["Error"]["Code"].string == "ResourceNotFound")
            let noFlag = #"{"RoleId":\#(adminRole),"UserGK":"carol","ProjectId":\#(id)}"#
            #expect(try await h.action("ModifyProjectPermission", noFlag).response["Error"]["Code"].string == "MissingParameter")

            // Outsiders cannot read a private project's roles.
            let (_, daveToken) = try await h.makeUser("dave")
            #expect(
                try await h.action("DescribeProjectRoles", #"{"ProjectId":\#(id)}"#, token: daveToken).response["Error"]["Code"].string
                    == "UnauthorizedOperation")
        }
    }
}
