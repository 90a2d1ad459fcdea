import Foundation
import SlipwayCore
import Testing

/// The scenario's cast: a developer (bob), a reader (carol), the admin's numeric id, and spare projects.
struct ScenarioPeople: Sendable {
    var bobToken: String
    var adminID: Int64
    var betaID: Int64
    var gammaID: Int64
}

extension SchemaScenario {
    /// Team, users, projects, membership and roles.
    func projectsAndPeople() async throws -> ScenarioPeople {
        let pid = w.projectID
        let (_, bobToken) = try await h.makeUser("bob")
        _ = try await h.makeUser("carol")
        let me = try await call("DescribeCodingCurrentUser", "{}")
        let adminID = try #require(me["User"]["Id"].int, "\(me)")
        try await call("DescribeTeamMembers", #"{"PageNumber":1,"PageSize":10}"#)
        try await call("DescribeCodingProjects", #"{"PageNumber":1,"PageSize":10}"#)
        try await call("DescribeProjectByName", #"{"ProjectName":"alpha"}"#)
        try await call("DescribeOneProject", #"{"ProjectId":\#(pid)}"#)
        try await call("CreateProjectMember", #"{"ProjectId":\#(pid),"Type":80,"UserGlobalKeyList":["bob"]}"#)
        try await call("DescribeProjectMembers", #"{"ProjectId":\#(pid),"PageNumber":1,"PageSize":10}"#)
        let roles = try await call("DescribeProjectRoles", #"{"ProjectId":\#(pid)}"#)["Roles"].array
        let reader = try #require(roles.first { $0["RoleTypeName"].string == "read-only" }?["RoleId"].int, "\(roles)")
        try await call("ModifyProjectPermission", #"{"ProjectId":\#(pid),"RoleId":\#(reader),"UserGK":"carol","ActionFlag":true}"#)
        try await call("DescribeUserProjects", #"{"UserId":\#(adminID)}"#)
        try await call("ModifyProject", #"{"ProjectId":\#(pid),"Name":"alpha","DisplayName":"Alpha Two","Description":"d"}"#)
        let beta = try await call(
            "CreateCodingProject", #"{"Name":"beta","DisplayName":"Beta","Shared":0,"ProjectTemplate":"CODE_HOST","Description":"b"}"#)
        let gamma = try await call(
            "CreateCodingProject", #"{"Name":"gamma","DisplayName":"Gamma","Shared":1,"ProjectTemplate":"CODE_HOST"}"#)
        return ScenarioPeople(
            bobToken: bobToken, adminID: adminID, betaID: try #require(beta["ProjectId"].int),
            gammaID: try #require(gamma["ProjectId"].int))
    }

    /// Depot reads, API commits, branches, tags, commit history, notes, comments and statuses.
    func refsAndCommits() async throws {
        let pid = w.projectID, path = depotPath
        let initial = try await w.rev("HEAD")
        try await depot("DescribeGitDepot")
        try await call("DescribeDepotByNameInfo", #"{"TeamGk":"slipway","ProjectName":"alpha","DepotName":"app"}"#)
        try await call("DescribeProjectDepotInfoList", #"{"ProjectId":\#(pid),"PageNumber":1,"PageSize":10}"#)
        try await call("DescribeMyDepots", #"{"PageNumber":1,"PageSize":10}"#)
        try await call("DescribeTeamDepotInfoList", #"{"PageNumber":1,"PageSize":10}"#)
        try await depot("ModifyDepotDescription", #""Description":"the app","UserId":1"#)
        try await call("DescribeDepotDefaultBranch", #"{"DepotPath":"\#(path)"}"#)
        try await depot("ModifyDefaultBranch", #""BranchName":"master","UserId":1"#)

        let files = #"[{"Path":"src/main.swift","Content":"print(1)\nprint(2)\n"},{"Path":"docs/a.md","Content":"NEEDLE\n"}]"#
        let c1 = try sha(try await depot("CreateGitFiles", #""Ref":"master","LastCommitSha":"\#(initial)","Message":"add","GitFiles":\#(files)"#), "create")
        let c2 = try sha(
            try await depot(
                "ModifyGitFiles", #""Ref":"master","LastCommitSha":"\#(c1)","Message":"edit","GitFiles":[{"Path":"docs/a.md","Content":"NEEDLE 2\n"}]"#),
            "modify")
        let c3 = try sha(
            try await call(
                "CreateGitCommit",
                """
                {"DepotPath":"\(path)","Ref":"master","LastCommitSha":"\(c2)","Message":"c","CommitFiles":[{"Path":"c.txt","Content":"c\\n"}]}
                """), "commit")
        let c4 = try sha(try await depot("DeleteGitFiles", #""Ref":"master","CommitMessage":"rm c","Paths":["c.txt"]"#), "delete")
        _ = c3
        let head = try sha(
            try await depot(
                "CreateBinaryFiles", #""SrcRef":"master","Message":"bin","LastCommitSha":"\#(c4)","UserId":1,"GitFiles":[{"Path":"b.bin","Content":"AAEC"}]"#),
            "binary")

        try await depot("CreateGitBranch", #""BranchName":"dev","StartPoint":"master","Note":"n""#)
        try await depot("DescribeGitBranches", #""PageNumber":1,"PageSize":10"#)
        try await depot("DescribeGitBranch", #""BranchName":"master""#)
        try await depot("DescribeGitBranchList", #""PageNumber":1,"PageSize":10"#)
        try await depot("CreateGitTag", #""TagName":"v1","StartPoint":"master","Message":"version 1""#)
        try await depot("CreateGitTag", #""TagName":"tmp","StartPoint":"\#(c1)","Message":"""#)
        try await depot("DescribeGitTags", #""Page":1,"PageSize":10"#)
        try await depot("DescribeGitTag", #""TagName":"v1""#)
        try await depot("DescribeGitTagsBySha", #""Sha":"\#(c1)""#)
        try await depot("DescribeGitTagsByBranch", #""Branch":"master""#)
        try await depot("DeleteGitTag", #""TagName":"tmp""#)
        try await depot("DescribeGitBranchesBySha", #""Sha":"\#(c1)""#)
        try await depot("DescribeGitRefsBySha", #""Sha":"\#(c1)","Type":"all""#)
        try await call("DescribeCommitRefs", #"{"DepotPath":"\#(path)","Sha":"\#(c1)","Type":"all"}"#)
        try await depot("CreateGitBranch", #""BranchName":"tmp","StartPoint":"master""#)
        try await depot("DeleteGitBranch", #""BranchName":"tmp""#)

        for name in ["DescribeGitCommits", "DescribeGitCommitInfos", "DescribeGitCommitsInPage"] {
            try await depot(name, #""Ref":"master","PageNumber":1,"PageSize":3"#)
        }
        try await depot("DescribeGitCommit", #""Sha":"\#(c1)""#)
        try await depot("DescribeGitCommitInfo", #""Sha":"\#(c1)""#)
        try await depot("CreateGitCommitNote", #""CommitSha":"\#(c1)","Note":"noted","CommitMessage":"note""#)
        try await depot("DescribeGitCommitNote", #""CommitSha":"\#(c1)","NotesRef":"""#)
        try await depot("DescribeNotesByCommits", #""NoteRef":"","Commits":["\#(c1)","\#(head)"]"#)
        try await depot("CreateGitCommitComment", #""Sha":"\#(c1)","Path":"src/main.swift","Index":1,"Content":"nice""#)
        try await call("DescribeGitCommitComments", #"{"DepotPath":"\#(path)","Sha":"\#(c1)","PageNumber":1,"PageSize":10}"#)
        for name in ["DescribeCommitsBetween2Commit", "DescribeCommitsBetweenCommitAndCommit"] {
            try await depot(name, #""Source":"master","Target":"\#(initial)""#)
        }
        for name in ["DescribeDifferentBetween2Commits", "DescribeDifferentBetweenTwoCommits"] {
            try await depot(name, #""Source":"\#(initial)","Target":"master","Path":"src/main.swift""#)
        }
        try await depot("DescribeGitCommitDiff", #""Sha":"\#(c1)""#)
        try await depot("DescribeGitMergeBase", #""SrcRef":"master","DestRef":"dev""#)
        try await depot(
            "ModifyGitCommitStatus",
            """
            "CommitSha":"\(head)","State":"COMMIT_STATE_SUCCESS","Context":"ci","Description":"ok","TargetURL":"http://ci.example/1"
            """)
        try await depot("DescribeGitCommitStatus", #""CommitSha":"\#(head)""#)
    }
}
