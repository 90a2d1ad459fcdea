import Foundation
import SlipwayCore
import Testing

@Suite("CODING projects, team and members")
struct ProjectActionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func createListDescribeAndDeleteProjects(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let id = try await h.makeProject("alpha", shared: true)
            _ = try await h.makeProject("beta")
            let list = try await h.action("DescribeCodingProjects", #"{"PageNumber":1,"PageSize":10}"#)
            let data = list.response["Data"]
            #expect(data["TotalCount"].int == 2)
            #expect(data["PageNumber"].int == 1)
            #expect(data["PageSize"].int == 10)
            #expect(Set(data["ProjectList"].array.compactMap { $0["Name"].string }) == ["alpha", "beta"])

            let filtered = try await h.action("DescribeCodingProjects", #"{"PageNumber":1,"PageSize":10,"ProjectName":"alp"}"#)
            #expect(filtered.response["Data"]["ProjectList"].array.compactMap { $0["Name"].string } == ["alpha"])

            let byName = try await h.action("DescribeProjectByName", #"{"ProjectName":"alpha"}"#)
            let project = byName.response["Project"]
            #expect(project["Id"].int == id)
            #expect(project["DisplayName"].string == "alpha display")
            #expect(project["Description"].string == "d")
            #expect(project["TeamId"].int == 1)
            #expect((project["CreatedAt"].int ?? 0) > 1_600_000_000_000)
            let one = try await h.action("DescribeOneProject", #"{"ProjectId":\#(id)}"#)
            #expect(one.response["Project"]["Name"].string == "alpha")

            let duplicate = try await h.action("CreateCodingProject", #"{"Name":"alpha","DisplayName":"x","Shared":0,"ProjectTemplate":"CODE_HOST"}"#)
            #expect(duplicate.response["Error"]["Code"].string == "FailedOperation")
            let badName = try await h.action("CreateCodingProject", #"{"Name":"Bad Name","DisplayName":"x","Shared":0,"ProjectTemplate":"CODE_HOST"}"#)
            #expect(badName.response["Error"]["Code"].string == "InvalidParameterValue")
            let badTemplate = try await h.action("CreateCodingProject", #"{"Name":"gamma","DisplayName":"x","Shared":0,"ProjectTemplate":"NOPE"}"#)
            #expect(badTemplate.response["Error"]["Code"].string == "InvalidParameterValue")
            let missing = try await h.action("CreateCodingProject", #"{"Name":"gamma","Shared":0,"ProjectTemplate":"CODE_HOST"}"#)
            #expect(missing.response["Error"]["Code"].string == "MissingParameter")
            #expect(missing.response["Error"]["Message"].string?.contains("DisplayName") == true)

            let deleted = try await h.action("DeleteOneProject", #"{"ProjectId":\#(id)}"#)
            #expect(deleted.response["Error"].isNull)
            let gone = try await h.action("DescribeOneProject", #"{"ProjectId":\#(id)}"#)
            #expect(gone.response["Error"]["Code"].string == "ResourceNotFound")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func visibilityAndPermissionsFollowProjectRBAC(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let secret = try await h.makeProject("secret")
            _ = try await h.makeProject("open", shared: true)
            let (_, token) = try await h.makeUser("bob")
            let list = try await h.action("DescribeCodingProjects", #"{"PageNumber":1,"PageSize":10}"#, token: token)
            #expect(list.response["Data"]["ProjectList"].array.compactMap { $0["Name"].string } == ["open"])
            let denied = try await h.action("DescribeOneProject", #"{"ProjectId":\#(secret)}"#, token: token)
            #expect(denied.response["Error"]["Code"].string == "UnauthorizedOperation")
            let create = try await h.action(
                "CreateCodingProject", #"{"Name":"mine","DisplayName":"x","Shared":0,"ProjectTemplate":"CODE_HOST"}"#, token: token)
            #expect(create.response["Error"]["Code"].string == "UnauthorizedOperation")
            let delete = try await h.action("DeleteOneProject", #"{"ProjectId":\#(secret)}"#, token: token)
            #expect(delete.response["Error"]["Code"].string == "UnauthorizedOperation")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func teamAndProjectMembers(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let (bob, _) = try await h.makeUser("bob")
            let id = try await h.makeProject("alpha")
            try await h.store.roles.addBindings(namespace: "alpha", role: "read-only", subjects: [.user(uid: bob.uid)])
            let team = try await h.action("DescribeTeamMembers", #"{"PageNumber":1,"PageSize":10}"#)
            #expect(team.response["Data"]["TotalCount"].int == 2)
            #expect(Set(team.response["Data"]["TeamMembers"].array.compactMap { $0["GlobalKey"].string }) == ["admin", "bob"])
            let members = try await h.action("DescribeProjectMembers", #"{"ProjectId":\#(id),"PageNumber":1,"PageSize":10}"#)
            let list = members.response["Data"]["ProjectMembers"].array
            #expect(members.response["Data"]["TotalCount"].int == 2)
            let bobEntry = try #require(list.first { $0["GlobalKey"].string == "bob" })
            #expect(bobEntry["Roles"][0]["RoleTypeName"].string == "read-only")
            let roleID = try #require(bobEntry["Roles"][0]["RoleId"].int)
            let filtered = try await h.action(
                "DescribeProjectMembers", #"{"ProjectId":\#(id),"PageNumber":1,"PageSize":10,"RoleId":\#(roleID)}"#)
            #expect(filtered.response["Data"]["ProjectMembers"].array.compactMap { $0["GlobalKey"].string } == ["bob"])
        }
    }
}
