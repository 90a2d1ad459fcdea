import Foundation
import SlipwayCore
import Testing

extension SchemaScenario {
    /// Files, blobs, refs, code search, cherry-pick / revert / rebase, read-only refs, tag rules.
    func filesObjectsAndReplays() async throws {
        let path = depotPath
        try await depot("DescribeGitFiles", #""Ref":"master","Path":"""#)
        try await depot("DescribeGitTree", #""Ref":"master","IsRecursive":true"#)
        let file = try await depot("DescribeGitFile", #""Ref":"master","Path":"src/main.swift""#)
        let blob = try #require(file["GitFile"]["BlobSha"].string, "\(file)")
        try await depot("DescribeGitFileContent", #""CommitSha":"master","Path":"src/main.swift""#)
        try await call("DescribeGitFileStat", #"{"DepotPath":"\#(path)","Ref":"master","Path":"src"}"#)
        try await call("DescribeGitBlameInfo", #"{"DepotPath":"\#(path)","CommitSha":"master","FilePath":"src/main.swift"}"#)
        try await call("DescribeCodeSearch", #"{"DepotPath":"\#(path)","BranchName":"master","KeyWord":"NEEDLE","PageNumber":1,"PageSize":10}"#)
        try await depot("DescribeGitBlob", #""BlobSha":"\#(blob)""#)
        try await depot("DescribeGitBlobRaw", #""BlobSha":"\#(blob)""#)
        try await depot("DescribeGitRef", #""Revision":"master""#)
        try await depot("DescribeGitContributors", #""Ref":"master""#)

        let dev = try sha(
            try await depot(
                "CreateGitFiles", #""Ref":"dev","Message":"dev work","GitFiles":[{"Path":"dev.txt","Content":"d\n"}]"#), "dev")
        try await depot("ModifyGitCherryPick", #""BranchName":"master","Sha":"\#(dev)""#)
        let picked = try await depot("DescribeGitBranch", #""BranchName":"master""#)["GitBranch"]["Sha"].string ?? ""
        try await depot("ModifyGitCommitRevert", #""BranchName":"master","Sha":"\#(picked)","Message":"undo pick""#)
        try await depot("ModifyGitRebase", #""BaseBranchName":"master","SrcBranchName":"dev""#)
        try await depot("CreateGitBranch", #""BranchName":"frozen","StartPoint":"master""#)
        try await call("CreateReadOnlyRef", #"{"DepotPath":"\#(path)","RefName":"frozen"}"#)
        try await call("DeleteReadOnlyRef", #"{"DepotPath":"\#(path)","RefName":"frozen"}"#)
        try await call("DeleteGitMergedBranches", #"{"DepotId":\#(w.depotID),"DepotPath":"\#(path)"}"#)
        try await depot("CreateGitProtectedTagRule", #""Rule":"v*""#)
        try await depot("CreateGitProtectedTagRules", #""Rule":["rel-*"]"#)
        try await depot("DescribeGitProtectedTags")
        try await depot("DescribeGitProtectedTagsByRule", #""Rule":"v*""#)
        try await depot("DeleteGitProtectedTagRule", #""Rule":"rel-*""#)
    }

    /// A merge request through its whole life, and one closed unmerged.
    func mergeRequests(_ people: ScenarioPeople) async throws {
        let path = depotPath
        let feature = try sha(
            try await depot(
                "CreateGitFiles",
                """
                "Ref":"master","NewRef":"feature","Message":"feature","GitFiles":[{"Path":"f.txt","Content":"f\\n"}]
                """), "feature")
        let created = try await depot(
            "CreateGitMergeReq", #""Title":"Feature","Content":"c","SrcBranch":"feature","DestBranch":"master","Reviewers":"bob""#)
        let mr = try #require(created["MergeInfo"]["MergeRequestId"].int, "\(created)")
        let id = #""MergeId":\#(mr)"#
        for name in [
            "DescribeMergeRequest", "DescribeMergeReqInfo", "DescribeMergeRequestCommits", "DescribeMergeReqCommits",
            "DescribeGitMergeRequestDiffs", "DescribeMergeRequestFileDiff", "DescribeMergeRequestReviewers",
            "DescribeGitMergeRequestParticipants", "DescribeMergeRequestLog",
        ] {
            try await depot(name, id)
        }
        try await depot("ModifyGitMergeRequest", #"\#(id),"Title":"Feature 2","Content":"more""#)
        try await depot("DescribeGitMergeRequestDiffDetail", #"\#(id),"Path":"f.txt""#)
        try await depot("DescribeCanMerge", #""Source":"feature","Target":"master""#)
        try await depot("DescribeDepotMergeRequests", #""Status":"all","PageNumber":1,"PageSize":10"#)
        try await call("DescribeProjectMergeRequests", #"{"ProjectId":\#(w.projectID),"PageNumber":1,"PageSize":10}"#)
        try await call("DescribeSelfMergeRequests", #"{"PageNumber":1,"PageSize":10}"#)
        try await depot("DescribeGitMergeRequestsBySha", #""Sha":"\#(feature)""#)
        try await depot("CreateMergeRequestReviewer", #"\#(id),"ReviewerGlobalKey":"carol""#)
        try await depot("DeleteMergeRequestReviewer", #"\#(id),"ReviewerGlobalKey":"carol""#)
        let note = try await call("CreateMergeRequestNote", #"{"DepotPath":"\#(path)",\#(id),"Content":"LGTM","ParentId":0}"#)
        let noteID = try #require(note["Note"]["Id"].int, "\(note)")
        try await call("DescribeSingeMergeRequestNotes", #"{"DepotPath":"\#(path)",\#(id)}"#)
        try await call("DescribeAllMergeRequestNotes", #"{"DepotPath":"\#(path)","PageNumber":1,"PageSize":10}"#)
        try await call("DeleteMergeRequestNote", #"{"DepotPath":"\#(path)",\#(id),"LineNoteId":\#(noteID)}"#)
        try await depot("CreateMergeRequestGrant", id, token: people.bobToken)
        try await depot("DeleteMergeRequestGrant", id, token: people.bobToken)
        try await depot("ModifyGitMergeRequestRebase", id)
        try await depot("ModifyMergeMR", #"\#(id),"Message":"merge","IsDelSourceBranch":false,"IsFastForward":false,"Squash":false"#)

        try await depot("CreateGitFiles", #""Ref":"master","NewRef":"second","Message":"s","GitFiles":[{"Path":"s.txt","Content":"s"}]"#)
        let other = try await depot("CreateGitMergeRequest", #""Title":"Second","Content":"c","SrcBranch":"second","DestBranch":"master""#)
        let second = try #require(other["Request"]["IId"].int, "\(other)")
        try await depot("ModifyCloseMR", #""MergeId":\#(second)"#)
    }

    /// Branch protection (new and legacy names), SSH and deploy keys, releases.
    func protectionKeysAndReleases(_ people: ScenarioPeople) async throws {
        let path = depotPath
        try await depot("CreateBranchProtection", #""Rule":"master""#)
        let rules = try await depot("DescribeBranchProtections")
        let rule = try #require(rules["BranchProtections"][0]["BranchProtectionId"].int, "\(rules)")
        try await depot("DescribeBranchProtection", #""BranchProtectionId":\#(rule)"#)
        try await depot("ModifyBranchProtection", #""BranchProtection":{"BranchProtectionId":\#(rule),"RequiredGrantCount":1}"#)
        try await depot("CreateBranchProtectionMember", #""BranchProtectionId":\#(rule),"UserGlobalKey":"bob","AllowPush":true"#)
        try await depot("DescribeBranchProtectionMembers", #""BranchProtectionId":\#(rule)"#)
        try await call(
            "ModifyBranchProtectionMemberPermission",
            """
            {"DepotPath":"\(path)","BranchRuleName":"master","UserGlobalKey":"bob","AllowPush":false}
            """)
        try await depot("DescribeProtectedBranch", #""BranchName":"master""#)
        try await depot("DescribeProtectedBranchMembers", #""BranchName":"master""#)
        try await depot("DescribeProtectedBranches")
        try await depot("DescribeProtectedBranchs")
        try await depot("DeleteBranchProtectionMember", #""BranchProtectionId":\#(rule),"UserGlobalKey":"bob""#)
        try await depot("DeleteBranchProtection", #""BranchProtectionId":\#(rule)"#)

        let key = try await call("CreateSshKey", #"{"Title":"laptop","Content":"\#(TestKeys.ed25519)"}"#)
        try await call("DescribeSshKey", "{}")
        try await call("DeleteSshKey", #"{"SshKeyId":\#(try #require(key["SshKeyInfo"]["Id"].int, "\(key)"))}"#)
        let member = try await call("CreateMemberSshKey", #"{"MemberUserId":\#(people.adminID),"Title":"m","Content":"\#(TestKeys.ed25519)"}"#)
        let memberKey = try #require(member["SshKeyInfo"]["Id"].int, "\(member)")
        try await call("DescribeMemberSshKey", #"{"MemberUserId":\#(people.adminID)}"#)
        try await call("DeleteMemberSshKey", #"{"MemberUserId":\#(people.adminID),"SshKeyId":\#(memberKey)}"#)
        try await depot("CreateGitDeployKey", #""Title":"ci","Content":"\#(TestKeys.rsa)","AllowWrite":false"#)
        let deployKeys = try await depot("DescribeGitDepotDeployKeys")
        try await call("DescribeGitProjectDeployKeys", #"{"ProjectId":\#(w.projectID)}"#)
        let deployID = try #require(deployKeys["Keys"][0]["KeyId"].int, "\(deployKeys)")
        try await depot("DeleteGitDeployKey", #""DeployKeyId":\#(deployID)"#)

        try await depot(
            "CreateGitRelease",
            """
            "TagName":"r1","Title":"R1","Description":"first","CommitSha":"master","TargetCommitBranch":"master","Pre":false,"UserId":1
            """)
        let releases = try await depot("DescribeGitReleases", #""PageNumber":1,"PageSize":10"#)
        let release = try #require(releases["ReleasePageList"]["Releases"][0]["ReleaseId"].int, "\(releases)")
        try await depot("DescribeGitReleaseDetail", #""ReleaseId":\#(release),"TagName":"r1""#)
        try await depot("ModifyGitRelease", #""ReleaseId":\#(release),"TagName":"r1","Title":"R1 final","Pre":true"#)
        try await depot("DeleteGitRelease", #""TagName":"r1""#)
    }

    /// Creating, renaming, archiving, moving and deleting depots and projects.
    func depotLifecycle(_ people: ScenarioPeople) async throws {
        let pid = w.projectID
        let made = try await call("CreateGitDepot", #"{"ProjectId":\#(pid),"DepotName":"other","Description":"o"}"#)
        let other = try #require(made["DepotId"].int, "\(made)")
        try await call("CreateDepotByTemplate", #"{"ProjectId":\#(pid),"DepotName":"tpl","Template":"SPRING","UserId":1}"#)
        try await call("ModifyDepotName", #"{"DepotId":\#(other),"DepotName":"other2","UserId":1}"#)
        try await call("ModifyGitDepotArchive", #"{"DepotId":\#(other)}"#)
        try await call("ModifyGitDepotUnarchive", #"{"DepotId":\#(other)}"#)
        try await call("ModifyGitTransfer", #"{"DepotId":\#(other),"TargetProjectId":\#(people.betaID)}"#)
        try await call("DeleteGitDepot", #"{"DepotId":\#(other)}"#)
        try await call("DeleteOneProject", #"{"ProjectId":\#(people.gammaID)}"#)
    }
}
