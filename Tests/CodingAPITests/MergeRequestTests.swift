import Foundation
import SlipwayCore
import Testing

/// A depot with `master` (README) pushed by the real git client, and a working clone.
struct Workspace: Sendable {
    let h: CodingHarness
    let depotID: Int64
    let projectID: Int64
    let dir: String

    static func make(
        _ h: CodingHarness, in scratch: String, project name: String = "alpha", shared: Bool = false
    ) async throws -> Workspace {
        let project = try await h.makeProject(name, shared: shared)
        let depot = try await h.makeDepot(project, "app")
        try await runGit(["clone", "-q", h.cloneURL(name, "app", token: h.adminToken), "work"], in: scratch)
        let w = Workspace(h: h, depotID: depot, projectID: project, dir: scratch + "/work")
        try await w.commit("README.md", "hello\n", "initial")
        try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
        return w
    }

    func commit(_ file: String, _ content: String, _ message: String) async throws {
        try content.write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        try await runGit(["add", file], in: dir)
        try await runGit(["commit", "-q", "-m", message], in: dir)
    }

    func rev(_ r: String) async throws -> String {
        try await runGit(["rev-parse", r], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `git ls-remote` of one ref, nil when absent.
    func remote(_ ref: String) async throws -> String? {
        let out = try await runGit(["ls-remote", "origin", ref], in: dir).stdout
        return out.split(separator: "\t").first.map(String.init)
    }

    func action(_ name: String, _ fields: String, token: String? = nil) async throws -> JSONValue {
        let sep = fields.isEmpty ? "" : ","
        return try await h.action(name, #"{"DepotId":\#(depotID)\#(sep)\#(fields)}"#, token: token).response
    }

    /// Creates a merge request and returns its per-depot number.
    func openMR(_ source: String, into target: String = "master", token: String? = nil, reviewers: String = "") async throws -> Int64 {
        let r = try await action(
            "CreateGitMergeReq",
            #""Title":"\#(source)","Content":"body","SrcBranch":"\#(source)","DestBranch":"\#(target)","Reviewers":"\#(reviewers)""#,
            token: token)
        return try #require(r["MergeInfo"]["MergeRequestId"].int, "\(r)")
    }
}

@Suite("CODING merge requests over real git")
struct MergeRequestTests {
    @Test(arguments: CodingStoreKind.enabled)
    func createDescribeAndMerge(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            _ = try await h.makeUser("bob")
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let base = try await w.rev("HEAD")
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("a.txt", "one\n", "add a")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let tip = try await w.rev("HEAD")

                let created = try await w.action(
                    "CreateGitMergeReq",
                    #""Title":"Add a","Content":"please","SrcBranch":"feature","DestBranch":"master","Reviewers":"bob""#)
                let info = created["MergeInfo"]["MergeRequestInfo"]
                #expect(created["MergeInfo"]["MergeRequestId"].int == 1, "\(created)")
                #expect(info["Status"].string == "CANMERGE")
                #expect(info["SourceBranchSha"].string == tip)
                #expect(info["TargetBranchSha"].string == base)
                #expect(info["Reviewers"][0]["GlobalKey"].string == "bob")
                #expect(info["Path"].string == "/open-api?Action=DescribeMergeRequest&DepotId=\(w.depotID)&MergeId=1")
                // A second open request for the same branches is refused.
                let dup = try await w.action("CreateGitMergeReq", #""Title":"x","Content":"","SrcBranch":"feature","DestBranch":"master""#)
                #expect(dup["Error"]["Code"].string == "FailedOperation")

                let commits = try await w.action("DescribeMergeRequestCommits", #""MergeId":1"#)
                #expect(commits["Commits"].array.map { $0["Sha"].string } == [tip])
                let diffs = try await w.action("DescribeGitMergeRequestDiffs", #""MergeId":1"#)["Diff"]
                #expect(diffs["Paths"][0]["Path"].string == "a.txt")
                #expect(diffs["Paths"][0]["ChangeType"].string == "ADD")
                #expect(diffs["Insertions"].int == 1)
                let detail = try await w.action("DescribeGitMergeRequestDiffDetail", #""MergeId":1,"Path":"a.txt""#)
                #expect(detail["Detail"]["Content"].string?.contains("+one") == true)
                #expect(try await w.action("DescribeCanMerge", #""Source":"feature","Target":"master""#)["MergeStatus"].string == "MERGEABLE")

                let note = try await h.action("CreateMergeRequestNote", #"{"DepotPath":"\#(w.depotID)","MergeId":1,"Content":"LGTM","ParentId":0}"#).response
                let noteID = try #require(note["Note"]["Id"].int, "\(note)")
                _ = try await h.action("CreateMergeRequestNote", #"{"DepotPath":"\#(w.depotID)","MergeId":1,"Content":"thanks","ParentId":\#(noteID)}"#)
                let notes = try await h.action("DescribeSingeMergeRequestNotes", #"{"DepotPath":"\#(w.depotID)","MergeId":1}"#).response
                #expect(notes["Notes"].array.count == 1)
                #expect(notes["Notes"][0]["Note"].array.map { $0["Content"].string } == ["LGTM", "thanks"])

                let open = try await w.action("DescribeDepotMergeRequests", #""Status":"open","PageNumber":1,"PageSize":10"#)["Data"]
                #expect(open["TotalRow"].int == 1)
                #expect(open["TotalPage"].int == 1)
                #expect(open["List"][0]["SrcBranch"].string == "feature")

                let merged = try await w.action(
                    "ModifyMergeMR", #""MergeId":1,"Message":"Merge feature","IsDelSourceBranch":true,"IsFastForward":false,"Squash":false"#)
                let result = merged["MergeRequestInfo"]
                #expect(result["Status"].string == "ACCEPTED", "\(merged)")
                #expect(result["ActionAuthor"]["GlobalKey"].string == "admin")
                let mergeSHA = try #require(result["MergeCommitSha"].string)

                // The merge commit is what a client fetches: two parents, the message given.
                try await runGit(["fetch", "-q", "--prune", "origin"], in: w.dir)
                #expect(try await w.rev("origin/master") == mergeSHA)
                let parents = try await runGit(["log", "-1", "--format=%P%n%s", "origin/master"], in: w.dir).stdout
                #expect(parents == "\(base) \(tip)\nMerge feature\n")
                #expect(try await w.remote("refs/heads/feature") == nil)
                let events = await h.pushes.pushes.map(\.event)
                #expect(events.contains { $0.ref == "refs/heads/master" && $0.after == mergeSHA && $0.pusher?.name == "admin" })
                #expect(events.contains { $0.ref == "refs/heads/feature" && $0.deleted })

                let closed = try await w.action("DescribeDepotMergeRequests", #""Status":"close""#)["Data"]
                #expect(closed["TotalRow"].int == 1)
                #expect(try await w.action("DescribeDepotMergeRequests", #""Status":"open""#)["Data"]["TotalRow"].int == 0)
                let again = try await w.action("ModifyMergeMR", #""MergeId":1,"Message":"m""#)
                #expect(again["Error"]["Code"].string == "FailedOperation")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func conflictReportsFilesAndMergesNothing(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("README.md", "feature side\n", "feature edit")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                try await runGit(["checkout", "-q", "master"], in: w.dir)
                try await w.commit("README.md", "master side\n", "master edit")
                try await runGit(["push", "-q", "origin", "master"], in: w.dir)
                let master = try await w.rev("master")

                let mr = try await w.openMR("feature")
                let info = try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]
                #expect(info["Status"].string == "CANNOTMERGE")
                #expect(info["Conflicts"].array.map(\.string) == ["README.md"])
                #expect(try await w.action("DescribeCanMerge", #""Source":"feature","Target":"master""#)["MergeStatus"].string == "NOT_MERGEABLE")
                for mode in [#""Squash":true"#, #""Squash":false"#] {
                    let r = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"m",\#(mode)"#)
                    #expect(r["Error"]["Code"].string == "FailedOperation")
                    #expect(r["Error"]["Message"].string?.contains("README.md") == true)
                }
                #expect(try await w.remote("refs/heads/master") == master)
                #expect(try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]["Status"].string == "CANNOTMERGE")
                #expect(await h.pushes.pushes.filter { $0.event.ref == "refs/heads/master" }.count == 2)

                // Closing refuses it; a closed request cannot be merged.
                #expect(try await w.action("ModifyCloseMR", #""MergeId":\#(mr)"#)["Error"].isNull)
                #expect(try await w.action("DescribeMergeRequest", #""MergeId":\#(mr)"#)["MergeRequestInfo"]["Status"].string == "REFUSED")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func squashAndFastForward(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let base = try await w.rev("HEAD")
                try await runGit(["checkout", "-q", "-b", "many"], in: w.dir)
                try await w.commit("a.txt", "a\n", "a")
                try await w.commit("b.txt", "b\n", "b")
                try await runGit(["push", "-q", "origin", "many"], in: w.dir)
                let mr = try await w.openMR("many")
                let squashed = try await w.action("ModifyMergeMR", #""MergeId":\#(mr),"Message":"Squashed many","Squash":true"#)
                let sha = try #require(squashed["MergeRequestInfo"]["MergeCommitSha"].string, "\(squashed)")
                try await runGit(["fetch", "-q", "origin"], in: w.dir)
                #expect(try await w.rev("origin/master") == sha)
                #expect(try await runGit(["log", "-1", "--format=%P|%s", sha], in: w.dir).stdout == "\(base)|Squashed many\n")
                #expect(try await runGit(["ls-tree", "--name-only", sha], in: w.dir).stdout == "README.md\na.txt\nb.txt\n")

                try await runGit(["checkout", "-q", "-b", "ff", "origin/master"], in: w.dir)
                try await w.commit("c.txt", "c\n", "c")
                try await runGit(["push", "-q", "origin", "ff"], in: w.dir)
                let tip = try await w.rev("HEAD")
                let ff = try await w.openMR("ff")
                let done = try await w.action("ModifyMergeMR", #""MergeId":\#(ff),"Message":"","IsFastForward":true"#)
                #expect(done["MergeRequestInfo"]["MergeCommitSha"].string == tip, "\(done)")
                #expect(try await w.remote("refs/heads/master") == tip)

                // Fast-forward is refused when the target moved on; nothing changes.
                try await runGit(["checkout", "-q", "-b", "late", base], in: w.dir)
                try await w.commit("d.txt", "d\n", "d")
                try await runGit(["push", "-q", "origin", "late"], in: w.dir)
                let late = try await w.openMR("late")
                let refused = try await w.action("ModifyMergeMR", #""MergeId":\#(late),"Message":"m","IsFastForward":true"#)
                #expect(refused["Error"]["Code"].string == "FailedOperation")
                #expect(try await w.remote("refs/heads/master") == tip)
                // Updating from the target merges master into the source branch.
                #expect(try await w.action("ModifyGitMergeRequestRebase", #""MergeId":\#(late)"#)["Error"].isNull)
                let lateTip = try #require(try await w.remote("refs/heads/late"))
                try await runGit(["fetch", "-q", "origin"], in: w.dir)
                #expect(try await runGit(["merge-base", "--is-ancestor", tip, lateTip], in: w.dir, check: false).status == 0)
                let ok = try await w.action("ModifyMergeMR", #""MergeId":\#(late),"Message":"m","IsFastForward":true"#)
                #expect(ok["MergeRequestInfo"]["MergeCommitSha"].string == lateTip, "\(ok)")
            }
        }
    }
}
