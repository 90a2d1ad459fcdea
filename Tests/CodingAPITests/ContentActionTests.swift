import Foundation
import Testing

@Suite("CODING files, diffs, blame, search, depot lifecycle")
struct ContentActionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func readFilesDiffsBlameAndSearch(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let project = try await h.makeProject("alpha")
            let depotID = try await h.makeDepot(project, "app")
            let first =
                try await h.action(
                    "CreateGitCommit",
                    """
                    {"DepotPath":"slipway/alpha/app","Ref":"HEAD","Message":"init","CommitFiles":[
                     {"Path":"src/main.swift","Content":"let a = 1\\nprint(a)\\n"},{"Path":"README.md","Content":"# App\\n"}]}
                    """
                ).response["GitCommit"]["Sha"].string ?? ""
            let second =
                try await h.action(
                    "CreateGitCommit",
                    """
                    {"DepotPath":"slipway/alpha/app","Ref":"master","NewRef":"dev","Message":"change","CommitFiles":[
                     {"Path":"src/main.swift","Content":"let a = 2\\nprint(a)\\nprint(\\"needle\\")\\n"}]}
                    """
                ).response["GitCommit"]["Sha"].string ?? ""
            #expect(!first.isEmpty && !second.isEmpty)

            let root = try await h.action("DescribeGitFiles", #"{"DepotPath":"slipway/alpha/app","Ref":"master"}"#)
            let items = root.response["Items"].array
            #expect(items.compactMap { $0["Name"].string } == ["README.md", "src"])
            #expect(items.compactMap { $0["Mode"].string } == ["file", "tree"])
            let src = try await h.action("DescribeGitFiles", #"{"DepotPath":"slipway/alpha/app","Ref":"dev","Path":"src"}"#)
            #expect(src.response["Items"][0]["Path"].string == "src/main.swift")

            let file = try await h.action("DescribeGitFile", #"{"DepotId":\#(depotID),"Ref":"master","Path":"src/main.swift"}"#).response["GitFile"]
            #expect(file["FileName"].string == "main.swift")
            #expect(file["FilePath"].string == "src/main.swift")
            #expect(file["Encoding"].string == "base64")
            #expect(file["Content"].string == Data("let a = 1\nprint(a)\n".utf8).base64EncodedString())
            #expect(file["Size"].int == 19)
            #expect(file["Sha"].string == first)
            #expect(file["ContentSha256"].string?.count == 64)
            let missing = try await h.action("DescribeGitFile", #"{"DepotId":\#(depotID),"Ref":"master","Path":"nope"}"#)
            #expect(missing.response["Error"]["Code"].string == "ResourceNotFound")
            let escapeDir = try await h.action("DescribeGitFiles", #"{"DepotPath":"slipway/alpha/app","Ref":"master","Path":"../.."}"#)
            #expect(escapeDir.response["Error"]["Code"].string == "InvalidParameterValue")
            let optionRef = try await h.action("DescribeGitFiles", #"{"DepotPath":"slipway/alpha/app","Ref":"--output=/tmp/x"}"#)
            #expect(optionRef.response["Error"]["Code"].string == "InvalidParameterValue")
            let escape = try await h.action("DescribeGitFile", #"{"DepotId":\#(depotID),"Ref":"master","Path":"../etc/passwd"}"#)
            #expect(escape.response["Error"]["Code"].string == "InvalidParameterValue")
            let noPath = try await h.action("DescribeGitFile", #"{"DepotId":\#(depotID),"Ref":"master"}"#)
            #expect(noPath.response["Error"]["Code"].string == "MissingParameter")

            let content = try await h.action("DescribeGitFileContent", #"{"DepotId":\#(depotID),"CommitSha":"\#(second)","Path":"src/main.swift"}"#)
            #expect(content.response["GitFileContent"]["IsText"].bool == true)
            #expect(content.response["GitFileContent"]["Content"].string?.contains("needle") == true)

            let between = try await h.action("DescribeCommitsBetween2Commit", #"{"DepotId":\#(depotID),"Source":"dev","Target":"master"}"#)
            let info = between.response["DifferentOfCommitInfo"]
            #expect(info["Commits"].array.compactMap { $0["Sha"].string } == [second])
            #expect(info["UpdateFileNum"].int == 1)
            #expect(info["Insertions"].int == 2)
            #expect(info["Deletions"].int == 1)
            #expect(info["DifferentOfCommits"][0]["Path"].string == "src/main.swift")

            let diff = try await h.action(
                "DescribeDifferentBetween2Commits", #"{"DepotId":\#(depotID),"Source":"master","Target":"dev","Path":"src/main.swift"}"#)
            let lines = diff.response["DiffFileInfo"]["DifferentLines"].array
            #expect(diff.response["DiffFileInfo"]["Insertions"].int == 2)
            #expect(lines.first?["Text"].string?.hasPrefix("@@") == true)
            #expect(lines.contains { $0["Prefix"].string == "-" && $0["Text"].string == "let a = 1" && $0["LeftNo"].int == 1 })
            #expect(lines.contains { $0["Prefix"].string == "+" && $0["Text"].string == "print(\"needle\")" && $0["RightNo"].int == 3 })

            let blame = try await h.action(
                "DescribeGitBlameInfo", #"{"DepotPath":"slipway/alpha/app","CommitSha":"dev","FilePath":"src/main.swift","LineStart":2,"LineEnd":3}"#)
            let blamed = blame.response["Info"].array
            #expect(blamed.compactMap { $0["LineNumber"].int } == [2, 3])
            #expect(blamed.compactMap { $0["CommitSha"].string } == [first, second])
            #expect(blamed[0]["Committer"]["Name"].string == "Admin")

            let search = try await h.action(
                "DescribeCodeSearch", #"{"DepotPath":"slipway/alpha/app","BranchName":"dev","KeyWord":"NEEDLE","PageNumber":1,"PageSize":10}"#)
            let data = search.response["Data"]
            #expect(data["Page"]["TotalRow"].int == 1)
            #expect(data["GrepLines"][0]["Path"].string == "src/main.swift")
            #expect(data["GrepLines"][0]["LineNum"].int == 3)
            #expect(data["GrepLines"][0]["CommitId"].string == second)

            let commitDiff = try await h.action("DescribeGitCommitDiff", #"{"DepotId":\#(depotID),"sha":"\#(second)"}"#)
            let diffs = commitDiff.response["Diffs"].array
            #expect(diffs.count == 1, "\(commitDiff.text)")
            #expect(diffs.first?["Path"].string == "src/main.swift")
            #expect(diffs.first?["ChangeType"].string == "modify")
            #expect(diffs.first?["NewMode"].string == "100644")
            #expect(diffs.first?["Insertions"].int == 2)
            #expect(diffs.first?["Deletions"].int == 1)
            #expect(diffs.first?["Content"].string?.hasPrefix("diff --git a/src/main.swift b/src/main.swift") == true)
            #expect(diffs.first?["Lines"][0]["Prefix"].string == "\u{0}")
            let rootDiff = try await h.action("DescribeGitCommitDiff", #"{"DepotId":\#(depotID),"Sha":"\#(first)","Path":"README.md"}"#)
            #expect(rootDiff.response["Diffs"].array.map { $0["ChangeType"].string } == ["add"], "\(rootDiff.text)")
            #expect(rootDiff.response["Diffs"][0]["Insertions"].int == 1)
            #expect(rootDiff.response["Diffs"][0]["Lines"][1]["Text"].string == "# App")
            #expect(rootDiff.response["Diffs"][0]["Lines"][1]["RightNo"].int == 1)
            let wholeRoot = try await h.action("DescribeGitCommitDiff", #"{"DepotId":\#(depotID),"Sha":"\#(first)"}"#)
            #expect(wholeRoot.response["Diffs"].array.compactMap { $0["Path"].string } == ["README.md", "src/main.swift"])

            let mergeBase = try await h.action("DescribeGitMergeBase", #"{"DepotId":\#(depotID),"SrcRef":"master","DestRef":"dev"}"#)
            #expect(mergeBase.response["Commit"]["Sha"].string == first)
            #expect(mergeBase.response["Commit"]["Committer"]["Name"].string == "Admin")

            let stat = try await h.action("DescribeGitFileStat", #"{"DepotPath":"slipway/alpha/app","Ref":"master","Path":"src"}"#)
            #expect(stat.response["Payload"]["IsExist"].bool == true)
            let noStat = try await h.action("DescribeGitFileStat", #"{"DepotPath":"slipway/alpha/app","Ref":"master","Path":"nope.txt"}"#)
            #expect(noStat.response["Payload"]["IsExist"].bool == false)

            let defaultBranch = try await h.action("DescribeDepotDefaultBranch", #"{"DepotPath":"slipway/alpha/app"}"#)
            #expect(defaultBranch.response["BranchName"].string == "master")
            #expect(try await h.action("ModifyDefaultBranch", #"{"DepotId":\#(depotID),"BranchName":"dev","UserId":1}"#).response["Error"].isNull)
            let changed = try await h.action("DescribeGitBranch", #"{"DepotId":\#(depotID),"BranchName":"dev"}"#)
            #expect(changed.response["GitBranch"]["IsDefaultBranch"].bool == true)
            let noBranch = try await h.action("ModifyDefaultBranch", #"{"DepotId":\#(depotID),"BranchName":"ghost"}"#)
            #expect(noBranch.response["Error"]["Code"].string == "ResourceNotFound")

            let commits = try await h.action("DescribeGitCommits", #"{"DepotId":\#(depotID),"Ref":"dev","Path":"README.md"}"#)
            #expect(commits.response["Commits"].array.compactMap { $0["Sha"].string } == [first])
            let future = try await h.action("DescribeGitCommits", #"{"DepotId":\#(depotID),"Ref":"dev","StartDate":"2999-01-01"}"#)
            #expect(future.response["Commits"].array.isEmpty)
            let badDate = try await h.action("DescribeGitCommits", #"{"DepotId":\#(depotID),"Ref":"dev","StartDate":"yesterday"}"#)
            #expect(badDate.response["Error"]["Code"].string == "InvalidParameterValue")
            let badRef = try await h.action("DescribeGitCommits", #"{"DepotId":\#(depotID),"Ref":"no-such-branch"}"#)
            #expect(badRef.response["Error"]["Code"].string == "ResourceNotFound")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func depotLifecycle(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let project = try await h.makeProject("alpha")
            let first = try await h.makeDepot(project, "one")
            let second = try await h.makeDepot(project, "two")
            #expect(second > first)
            let empty = try await h.action("DescribeGitCommits", #"{"DepotId":\#(first),"Ref":"master"}"#)
            #expect(empty.response["Commits"].array.isEmpty)
            #expect(empty.response["Error"].isNull)
            let dup = try await h.action("CreateGitDepot", #"{"ProjectId":\#(project),"DepotName":"one"}"#)
            #expect(dup.response["Error"]["Code"].string == "FailedOperation")
            let bad = try await h.action("CreateGitDepot", #"{"ProjectId":\#(project),"DepotName":"../x"}"#)
            #expect(bad.response["Error"]["Code"].string == "InvalidParameterValue")
            let noName = try await h.action("CreateGitDepot", #"{"ProjectId":\#(project)}"#)
            #expect(noName.response["Error"]["Code"].string == "MissingParameter")
            #expect(noName.response["Error"]["Message"].string?.contains("DepotName") == true)
            let noProject = try await h.action("CreateGitDepot", #"{"ProjectId":999,"DepotName":"x"}"#)
            #expect(noProject.response["Error"]["Code"].string == "ResourceNotFound")
            _ = try await h.makeProject("other", shared: true)
            let otherDepot = try await h.makeDepot(
                try #require(h.action("DescribeProjectByName", #"{"ProjectName":"other"}"#).response["Project"]["Id"].int), "lib")
            let (_, bobToken) = try await h.makeUser("bob")
            let mine = try await h.action("DescribeMyDepots", token: bobToken)
            #expect(mine.response["Payload"]["Depots"].array.compactMap { $0["Id"].int } == [otherDepot])
            #expect(mine.response["Payload"]["Depots"][0]["ProjectName"].string == "other")
            let all = try await h.action("DescribeMyDepots")
            #expect(all.response["Payload"]["Depots"].array.count == 3)

            let byName = try await h.action("DescribeDepotByNameInfo", #"{"TeamGk":"slipway","ProjectName":"alpha","DepotName":"two"}"#)
            #expect(byName.response["Depot"]["Id"].int == second)

            #expect(try await h.action("ModifyDepotDescription", #"{"DepotId":\#(second),"UserId":1,"Description":"the second"}"#).response["Error"].isNull)
            let renamed = try await h.action("ModifyDepotName", #"{"DepotId":\#(second),"UserId":1,"DepotName":"deux"}"#)
            #expect(renamed.response["DepotInfo"]["Name"].string == "deux", "\(renamed.text)")
            #expect(renamed.response["DepotInfo"]["HttpsUrl"].string?.hasSuffix("/slipway/alpha/deux.git") == true)
            #expect(FileManager.default.fileExists(atPath: h.gitRoot + "/slipway/alpha/deux.git"))
            #expect(!FileManager.default.fileExists(atPath: h.gitRoot + "/slipway/alpha/two.git"))
            let described = try await h.action("DescribeGitDepot", #"{"DepotId":\#(second)}"#).response["Depot"]
            #expect(described["Name"].string == "deux")
            #expect(described["Description"].string == "the second")
            let clash = try await h.action("ModifyDepotName", #"{"DepotId":\#(second),"UserId":1,"DepotName":"one"}"#)
            #expect(clash.response["Error"]["Code"].string == "FailedOperation")
            let badPath = try await h.action("DescribeGitDepot", #"{"DepotPath":"other-team/alpha/one"}"#)
            #expect(badPath.response["Error"]["Code"].string == "InvalidParameterValue")
            let byPath = try await h.action("DescribeGitDepot", #"{"DepotPath":"slipway/alpha/deux"}"#)
            #expect(byPath.response["Depot"]["Id"].int == second)
            let noDepot = try await h.action("DescribeGitDepot", "{}")
            #expect(noDepot.response["Error"]["Code"].string == "MissingParameter")

            #expect(try await h.action("DeleteGitDepot", #"{"DepotId":\#(first)}"#).response["Error"].isNull)
            let gone = try await h.action("DescribeGitDepot", #"{"DepotId":\#(first)}"#)
            #expect(gone.response["Error"]["Code"].string == "ResourceNotFound")
            #expect(!FileManager.default.fileExists(atPath: h.gitRoot + "/slipway/alpha/one.git"))
            // Ids are never reused.
            let third = try await h.makeDepot(project, "one")
            #expect(third > second)

            #expect(try await h.action("DeleteOneProject", #"{"ProjectId":\#(project)}"#).response["Error"].isNull)
            #expect(!FileManager.default.fileExists(atPath: h.gitRoot + "/slipway/alpha/deux.git"))
            let orphan = try await h.action("DescribeGitDepot", #"{"DepotId":\#(second)}"#)
            #expect(orphan.response["Error"]["Code"].string == "ResourceNotFound")
        }
    }
}

@Suite("CODING file writes, notes and trees")
struct FileWriteActionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func createModifyDeleteFilesAndNotes(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let project = try await h.makeProject("alpha")
            let depotID = try await h.makeDepot(project, "app")
            func head(_ branch: String = "master") async throws -> String {
                try await h.action("DescribeGitBranch", #"{"DepotId":\#(depotID),"BranchName":"\#(branch)"}"#)
                    .response["GitBranch"]["Sha"].string ?? ""
            }
            let created = try await h.action(
                "CreateGitFiles",
                """
                {"DepotId":\(depotID),"LastCommitSha":"","Message":"add files","Ref":"master","NewRef":"",
                 "GitFiles":[{"Path":"src/main/hello.java","Content":"line1\\nline2"},{"Path":"notes.txt","Content":"n"}]}
                """)
            #expect(created.response["Error"].isNull, "\(created.text)")
            let first = try await head()
            // The commit made is returned, as the vendor's `GitCommit`.
            #expect(created.response["GitCommit"]["Sha"].string == first, "\(created.text)")
            let again = try await h.action(
                "CreateGitFiles", #"{"DepotId":\#(depotID),"Message":"dup","Ref":"master","GitFiles":[{"Path":"notes.txt","Content":"x"}]}"#)
            #expect(again.response["Error"]["Code"].string == "FailedOperation")

            let modified = try await h.action(
                "ModifyGitFiles",
                """
                {"DepotId":\(depotID),"LastCommitSha":"\(first)","Message":"modify","Ref":"master",
                 "GitFiles":[{"Path":"src/main/hello.java","Content":"line1\\nline2\\nline3","NewPath":""},
                             {"Path":"notes.txt","Content":"moved","NewPath":"docs/notes.txt"}]}
                """)
            #expect(modified.response["Error"].isNull, "\(modified.text)")
            let stale = try await h.action(
                "ModifyGitFiles",
                """
                {"DepotId":\(depotID),"LastCommitSha":"\(first)","Message":"stale","Ref":"master","GitFiles":[{"Path":"src/main/hello.java","Content":"x"}]}
                """)
            #expect(stale.response["Error"]["Code"].string == "FailedOperation")
            let missing = try await h.action(
                "ModifyGitFiles", #"{"DepotId":\#(depotID),"Message":"m","Ref":"master","GitFiles":[{"Path":"ghost","Content":"x"}]}"#)
            #expect(missing.response["Error"]["Code"].string == "ResourceNotFound")
            let onBranch = try await h.action(
                "CreateGitFiles",
                """
                {"DepotId":\(depotID),"Message":"feature","Ref":"master","NewRef":"feature","GitFiles":[{"Path":"f.txt","Content":"f"}]}
                """)
            #expect(onBranch.response["Error"].isNull, "\(onBranch.text)")

            let tree = try await h.action("DescribeGitTree", #"{"DepotId":\#(depotID),"Ref":"master","IsRecursive":true}"#)
            let trees = tree.response["Trees"].array
            #expect(trees.compactMap { $0["Path"].string } == ["docs", "docs/notes.txt", "src", "src/main", "src/main/hello.java"])
            #expect(trees.first?["Type"].string == "tree")
            #expect(trees.first?["Mode"].string == "040000")
            #expect(trees.last?["Type"].string == "blob")
            let flat = try await h.action("DescribeGitTree", #"{"DepotId":\#(depotID),"Ref":"feature","IsRecursive":false}"#)
            #expect(flat.response["Trees"].array.compactMap { $0["Path"].string } == ["docs", "f.txt", "src"])

            let deleted = try await h.action("DeleteGitFiles", #"{"DepotId":\#(depotID),"CommitMessage":"rm","Ref":"master","Paths":["docs/notes.txt"]}"#)
            #expect(deleted.response["Error"].isNull, "\(deleted.text)")
            let stat = try await h.action("DescribeGitFileStat", #"{"DepotId":\#(depotID),"Ref":"master","Path":"docs/notes.txt"}"#)
            #expect(stat.response["Payload"]["IsExist"].bool == false)
            let noPaths = try await h.action("DeleteGitFiles", #"{"DepotId":\#(depotID),"CommitMessage":"rm","Ref":"master"}"#)
            #expect(noPaths.response["Error"]["Code"].string == "MissingParameter")
            let log = try await h.action("DescribeGitCommits", #"{"DepotId":\#(depotID),"Ref":"master"}"#)
            #expect(log.response["Commits"].array.compactMap { $0["ShortMessage"].string } == ["rm", "modify", "add files"])

            let noted = try await h.action(
                "CreateGitCommitNote", #"{"DepotId":\#(depotID),"CommitSha":"\#(first)","Note":"coding","CommitMessage":"note","NotesRef":""}"#)
            #expect(noted.response["Error"].isNull, "\(noted.text)")
            let note = try await h.action("DescribeGitCommitNote", #"{"DepotId":\#(depotID),"CommitSha":"\#(first)","NotesRef":""}"#)
            #expect(note.response["CommitNote"].string == "coding")
            let none = try await h.action("DescribeGitCommitNote", #"{"DepotId":\#(depotID),"CommitSha":"master"}"#)
            #expect(none.response["CommitNote"].string == "")
            let otherRef = try await h.action("DescribeGitCommitNote", #"{"DepotId":\#(depotID),"CommitSha":"master","NotesRef":"refs/notes/review"}"#)
            #expect(otherRef.response["Error"]["Code"].string == "InvalidParameterValue")

            let events = await h.pushes.pushes.map(\.event.ref)
            #expect(events == ["refs/heads/master", "refs/heads/master", "refs/heads/feature", "refs/heads/master"])
        }
    }
}

@Suite("CODING refs containing a commit")
struct RefsByShaTests {
    @Test(arguments: CodingStoreKind.enabled)
    func branchesAndTagsContainingACommit(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let project = try await h.makeProject("alpha")
            let depotID = try await h.makeDepot(project, "app")
            let first =
                try await h.action("CreateGitCommit", #"{"DepotId":\#(depotID),"Ref":"HEAD","Message":"one","CommitFiles":[{"Path":"a","Content":"1"}]}"#)
                .response["GitCommit"]["Sha"].string ?? ""
            #expect(try await h.action("CreateGitBranch", #"{"DepotId":\#(depotID),"BranchName":"old","StartPoint":"master"}"#).response["Error"].isNull)
            #expect(try await h.action("CreateGitTag", #"{"DepotId":\#(depotID),"TagName":"t1","StartPoint":"master","Message":""}"#).response["Error"].isNull)
            let second =
                try await h.action("CreateGitCommit", #"{"DepotId":\#(depotID),"Ref":"master","Message":"two","CommitFiles":[{"Path":"a","Content":"2"}]}"#)
                .response["GitCommit"]["Sha"].string ?? ""
            #expect(
                try await h.action("CreateGitTag", #"{"DepotId":\#(depotID),"TagName":"t2","StartPoint":"master","Message":"annotated"}"#).response["Error"]
                    .isNull)

            let branches = try await h.action("DescribeGitBranchesBySha", #"{"DepotId":\#(depotID),"Sha":"\#(first)"}"#)
            #expect(branches.response["Refs"].array.compactMap { $0["Ref"].string } == ["master", "old"])
            let onlyMaster = try await h.action("DescribeGitBranchesBySha", #"{"DepotId":\#(depotID),"Sha":"\#(second)"}"#)
            #expect(onlyMaster.response["Refs"].array.compactMap { $0["Ref"].string } == ["master"])
            let tags = try await h.action("DescribeGitTagsBySha", #"{"DepotId":\#(depotID),"Sha":"\#(second)"}"#)
            #expect(tags.response["GitTags"].array.compactMap { $0["TagName"].string } == ["t2"])
            #expect(tags.response["GitTags"][0]["Message"].string == "annotated")
            let all = try await h.action("DescribeGitRefsBySha", #"{"DepotId":\#(depotID),"Sha":"\#(first)","Type":"all"}"#)
            #expect(
                all.response["Refs"].array.map { "\($0["Type"].string ?? "") \($0["Name"].string ?? "")" }
                    == ["branch master", "branch old", "tag t1", "tag t2"])
            let commitRefs = try await h.action("DescribeCommitRefs", #"{"DepotPath":"slipway/alpha/app","Sha":"\#(second)","Type":"tag"}"#)
            #expect(commitRefs.response["CommitRefs"].array.compactMap { $0["Name"].string } == ["t2"])
            let badType = try await h.action("DescribeCommitRefs", #"{"DepotPath":"slipway/alpha/app","Sha":"\#(second)","Type":"x"}"#)
            #expect(badType.response["Error"]["Code"].string == "InvalidParameterValue")
            let unknown = try await h.action("DescribeGitRefsBySha", #"{"DepotId":\#(depotID),"Sha":"0123456789012345678901234567890123456789"}"#)
            #expect(unknown.response["Error"]["Code"].string == "ResourceNotFound")
        }
    }
}
