import Foundation
import SlipwayCore
import Testing

@Suite("CODING merge request log, file diffs, lookup by SHA and notes across requests")
struct MergeRequestHistoryTests {
    @Test(arguments: CodingStoreKind.enabled)
    func logRecordsEventsInOrderAndPushesResetApprovals(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let (_, bobToken) = try await h.makeUser("bob")
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(w.projectID),"Type":80,"UserGlobalKeyList":["bob"]}"#)
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("a.txt", "a\n", "add a")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let mr = try await w.openMR("feature", reviewers: "bob")
                _ = try await w.action("ModifyGitMergeRequest", #""MergeId":\#(mr),"Title":"Better title","Content":"more""#)
                let granted = try await w.action("CreateMergeRequestGrant", #""MergeId":\#(mr)"#, token: bobToken)
                #expect(granted["Error"].isNull, "\(granted)")
                #expect(try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]["Granted"].int == 1)

                // A push to another branch leaves the approval alone…
                try await runGit(["push", "-q", "origin", "feature:other"], in: w.dir)
                #expect(try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]["Granted"].int == 1)
                // …a real git push to the source branch withdraws it.
                try await w.commit("b.txt", "b\n", "add b")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let tip = try await w.rev("HEAD")
                let info = try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]
                #expect(info["Granted"].int == 0, "\(info)")
                #expect(info["SourceBranchSha"].string == tip)

                let note = #"{"DepotPath":"\#(w.depotID)","MergeId":\#(mr),"Content":"nit","ParentId":0}"#
                #expect(try await h.action("CreateMergeRequestNote", note, token: bobToken).response["Error"].isNull)
                _ = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"merge""#)

                // The documented example sends ids as strings.
                let logs = try await h.action("DescribeMergeRequestLog", #"{"DepotId":"\#(w.depotID)","MergeId":"\#(mr)"}"#).response["Logs"]
                let actions = logs.array.compactMap { $0["Action"].string }
                #expect(
                    actions == [
                        "create", "add_reviewer", "update_title", "update_content", "grant", "push", "reset_grant", "comment",
                        "merge",
                    ], "\(logs)")
                #expect(logs.array.compactMap { $0["Name"].string } == ["Admin", "Admin", "Admin", "Admin", "Bob", "Admin", "Admin", "Bob", "Admin"])
                let ids = logs.array.compactMap { $0["Id"].int }
                #expect(ids == ids.sorted() && Set(ids).count == ids.count)
                #expect(logs[0]["GlobalKey"].string == "admin")
                #expect((logs[0]["CreatedAt"].int ?? 0) > 0)
                #expect(try await w.action("DescribeMergeRequestLog", #""MergeId":99"#)["Error"]["Code"].string == "ResourceNotFound")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func fileDiffListsEveryFileWithLines(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await w.commit("gone.txt", "bye\n", "to delete")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                let base = try await w.rev("HEAD")
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try "hello\nworld\n".write(toFile: w.dir + "/README.md", atomically: true, encoding: .utf8)
                try await runGit(["add", "README.md"], in: w.dir)
                try await runGit(["rm", "-q", "gone.txt"], in: w.dir)
                try await w.commit("demo.txt", "new\n", "changes")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let mr = try await w.openMR("feature")
                let tip = try await w.rev("HEAD")

                // The documented example.
                let diff = try await h.action(
                    "DescribeMergeRequestFileDiff", #"{"Action":"DescribeMergeRequestFileDiff","DepotId":\#(w.depotID),"MergeId":\#(mr)}"#
                )
                .response["MergeRequestFileDiff"]
                #expect(diff["OldSha"].string == base, "\(diff)")
                #expect(diff["NewSha"].string == tip)
                #expect(diff["Insertions"].int == 2)
                #expect(diff["Deletions"].int == 1)
                let files = diff["FileDiffs"].array
                #expect(files.compactMap { $0["Path"].string } == ["README.md", "demo.txt", "gone.txt"])
                #expect(files.compactMap { $0["ChangeType"].string } == ["MODIFY", "ADD", "DELETE"])
                let demoBlob = try await runGit(["rev-parse", "HEAD:demo.txt"], in: w.dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(files[1]["ObjectId"].string == demoBlob)
                let readme = files[0]["DiffLines"].array
                #expect(readme.first?["Text"].string?.hasPrefix("@@ ") == true)
                #expect(readme.compactMap { $0["Prefix"].string } == ["", " ", "+"], "\(readme)")
                #expect(readme.last?["Text"].string == "world")
                #expect(readme.last?["RightNo"].int == 2)

                let one = try await w.action("DescribeMergeRequestFileDiff", #""MergeId":\#(mr),"Path":"demo.txt""#)["MergeRequestFileDiff"]
                #expect(one["FileDiffs"].array.compactMap { $0["Path"].string } == ["demo.txt"])
                #expect(
                    try await w.action("DescribeMergeRequestFileDiff", #""MergeId":\#(mr),"Path":"nope.txt""#)["Error"]["Code"].string == "ResourceNotFound")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func mergeRequestsBySha(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let root = try await w.rev("HEAD")
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("a.txt", "a\n", "first")
                let inner = try await w.rev("HEAD")
                try await w.commit("b.txt", "b\n", "second")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let head = try await w.rev("HEAD")
                let mr = try await w.openMR("feature")

                // The documented example.
                let byHead = try await h.action(
                    "DescribeGitMergeRequestsBySha", #"{"Action":"DescribeGitMergeRequestsBySha","DepotId":\#(w.depotID),"Sha":"\#(head)"}"#
                ).response
                let detail = byHead["Details"][0]
                #expect(byHead["Details"].array.count == 1, "\(byHead)")
                #expect(detail["MergeId"].int == mr)
                #expect(detail["DepotId"].int == w.depotID)
                #expect(detail["SourceBranch"].string == "feature")
                #expect(detail["SourceSha"].string == head)
                #expect(detail["TargetSha"].string == root)
                #expect(detail["MergeStatus"].string == "CANMERGE")
                #expect(detail["Author"]["GlobalKey"].string == "admin")
                #expect(detail["ContentHtml"].string == "<p>body</p>")
                #expect(try await w.action("DescribeGitMergeRequestsBySha", #""Sha":"\#(String(inner.prefix(10)))""#)["Details"].array.count == 1)
                #expect(try await w.action("DescribeGitMergeRequestsBySha", #""Sha":"\#(root)""#)["Details"].array.isEmpty)

                let merged = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"merge""#)
                let mergeSHA = try #require(merged["MergeRequestInfo"]["MergeCommitSha"].string, "\(merged)")
                let byMerge = try await w.action("DescribeGitMergeRequestsBySha", #""Sha":"\#(mergeSHA)""#)["Details"]
                #expect(byMerge[0]["MergedSha"].string == mergeSHA, "\(byMerge)")
                #expect(byMerge[0]["MergeStatus"].string == "ACCEPTED")
                #expect(try await w.action("DescribeGitMergeRequestsBySha", #""Sha":"\#(inner)""#)["Details"].array.count == 1)

                #expect(try await w.action("DescribeGitMergeRequestsBySha", #""Sha":"--all""#)["Error"]["Code"].string == "InvalidParameterValue")
                let missing = String(repeating: "ab", count: 20)
                #expect(try await w.action("DescribeGitMergeRequestsBySha", #""Sha":"\#(missing)""#)["Error"]["Code"].string == "ResourceNotFound")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func notesAcrossMergeRequests(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            let (bob, bobToken) = try await h.makeUser("bob")
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                _ = try await h.action("CreateProjectMember", #"{"ProjectId":\#(w.projectID),"Type":80,"UserGlobalKeyList":["bob"]}"#)
                for branch in ["one", "two"] {
                    try await runGit(["checkout", "-q", "-b", branch, "master"], in: w.dir)
                    try await w.commit("\(branch).txt", "\(branch)\n", branch)
                    try await runGit(["push", "-q", "origin", branch], in: w.dir)
                }
                let first = try await w.openMR("one")
                let second = try await w.openMR("two", token: bobToken)
                func note(_ mr: Int64, _ text: String, parent: Int64 = 0) async throws -> Int64 {
                    let body = #"{"DepotPath":"slipway/alpha/app","MergeId":\#(mr),"Content":"\#(text)","ParentId":\#(parent)}"#
                    return try #require(try await h.action("CreateMergeRequestNote", body).response["Note"]["Id"].int)
                }
                let root = try await note(first, "first thread")
                _ = try await note(first, "reply", parent: root)
                _ = try await note(first, "second thread")
                _ = try await note(second, "on two")
                _ = try await w.action("ModifyMergeMR", #""MergeId":\#(first),"Message":"merge""#)

                func threads(_ filters: String) async throws -> [[String]] {
                    let r = try await h.action("DescribeAllMergeRequestNotes", #"{"DepotPath":"slipway/alpha/app","PageNumber":1,"PageSize":10\#(filters)}"#)
                        .response
                    return r["Notes"].array.map { $0["Note"].array.compactMap { $0["Content"].string } }
                }
                #expect(try await threads("") == [["first thread", "reply"], ["second thread"], ["on two"]])
                #expect(try await threads(#","MergeIds":[\#(second)]"#) == [["on two"]])
                #expect(try await threads(#","MrStatuses":["ACCEPTED"]"#) == [["first thread", "reply"], ["second thread"]])
                #expect(try await threads(#","MrStatuses":["CANMERGE","REFUSED"]"#) == [["on two"]])
                let bobID = try #require(try await h.store.numericIDs.userIDs(uids: [bob.uid])[bob.uid])
                #expect(try await threads(#","ReporterIds":[\#(bobID)]"#) == [["on two"]])
                #expect(try await threads(#","CreatedAtStartDate":"2000-01-01 00:00:00","CreatedAtEndDate":"2001-01-01 23:59:59""#) == [])
                #expect(try await threads(#","CreatedAtStartDate":"2000-01-01 00:00:00","CreatedAtEndDate":"2999-01-01 23:59:59""#).count == 3)
                let page2 = try await h.action("DescribeAllMergeRequestNotes", #"{"DepotPath":"slipway/alpha/app","PageNumber":2,"PageSize":2}"#).response
                #expect(page2["Notes"].array.map { $0["Note"][0]["Content"].string } == ["on two"])
                let reply = page2["Notes"][0]["Note"][0]
                #expect(reply["MergeId"].int == second)
                #expect(reply["Author"]["GlobalKey"].string == "admin")
                // A page past any count (its first thread's position near Int.max): empty, no crash.
                let far = try await h.action(
                    "DescribeAllMergeRequestNotes", #"{"DepotPath":"slipway/alpha/app","PageNumber":"18446744073709552","PageSize":500}"#
                ).response
                #expect(far["Error"].isNull && far["Notes"].array.isEmpty, "\(far)")
                #expect(
                    try await h.action("DescribeAllMergeRequestNotes", #"{"DepotPath":"slipway/alpha/app","MergeIds":"1"}"#).response["Error"]["Code"].string
                        == "InvalidParameter")
            }
        }
    }
}
