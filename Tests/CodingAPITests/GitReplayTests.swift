import Foundation
import SlipwayCore
import Testing

/// One line of `git log -1 --format=… <rev>` in the workspace clone.
private func log(_ w: Workspace, _ format: String, _ rev: String) async throws -> String {
    try await runGit(["log", "-1", "--format=" + format, rev], in: w.dir).stdout.trimmingCharacters(in: .newlines)
}

@Suite("CODING cherry-pick, revert and rebase over real git")
struct GitReplayTests {
    @Test(arguments: CodingStoreKind.enabled)
    func revertCommitsTheParentTree(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await w.commit("a.txt", "one\n", "add a")
                try await w.commit("b.txt", "two\n", "add b")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                let addA = try await w.rev("HEAD~1"), addB = try await w.rev("HEAD")

                let reverted = try await w.action(
                    "ModifyGitCommitRevert", #""BranchName":"master","Sha":"\#(addB)","Message":"Revert add b""#)
                #expect(reverted["Error"].isNull, "\(reverted)")
                try await runGit(["fetch", "-q", "origin"], in: w.dir)
                let tip = try await w.rev("origin/master")
                #expect(try await log(w, "%P|%s|%an", "origin/master") == "\(addB)|Revert add b|Admin")
                #expect(try await w.rev("origin/master^{tree}") == (try await w.rev(addA + "^{tree}")))
                let event = await h.pushes.pushes.last?.event
                #expect(event?.ref == "refs/heads/master")
                #expect(event?.before == addB)
                #expect(event?.after == tip)
                #expect(event?.pusher?.name == "admin")

                // Reverting an older change keeps what came later.
                #expect(try await w.action("ModifyGitCommitRevert", #""BranchName":"master","Sha":"\#(addA)","Message":"drop a""#)["Error"].isNull)
                try await runGit(["fetch", "-q", "origin"], in: w.dir)
                let files = try await runGit(["ls-tree", "--name-only", "origin/master"], in: w.dir).stdout
                #expect(files == "README.md\n")

                // A revert that later changes overlap conflicts; the branch stays.
                try await runGit(["reset", "-q", "--hard", "origin/master"], in: w.dir)
                try await w.commit("c.txt", "first\n", "c first")
                let cFirst = try await w.rev("HEAD")
                try await w.commit("c.txt", "second\n", "c second")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                let before = try await w.rev("HEAD")
                let conflict = try await w.action("ModifyGitCommitRevert", #""BranchName":"master","Sha":"\#(cFirst)","Message":"undo""#)
                #expect(conflict["Error"]["Code"].string == "FailedOperation", "\(conflict)")
                #expect(conflict["Error"]["Message"].string?.contains("c.txt") == true)
                #expect(try await w.remote("refs/heads/master") == before)

                let missing = try await w.action("ModifyGitCommitRevert", #""BranchName":"master","Sha":"\#(addA)""#)
                #expect(missing["Error"]["Code"].string == "MissingParameter")
                let noBranch = try await w.action("ModifyGitCommitRevert", #""BranchName":"nope","Sha":"\#(addA)","Message":"m""#)
                #expect(noBranch["Error"]["Code"].string == "ResourceNotFound")
                let badSha = try await w.action("ModifyGitCommitRevert", #""BranchName":"master","Sha":"--output=x","Message":"m""#)
                #expect(badSha["Error"]["Code"].string == "InvalidParameterValue")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func cherryPickLandsTheChangeAndHonoursProtection(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("f.txt", "feature\n", "add f")
                let picked = try await w.rev("HEAD")
                try await w.commit("README.md", "feature readme\n", "feature readme")
                let conflicting = try await w.rev("HEAD")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                try await runGit(["checkout", "-q", "master"], in: w.dir)
                try await w.commit("README.md", "master readme\n", "master readme")
                try await runGit(["push", "-q", "origin", "master"], in: w.dir)
                let masterTip = try await w.rev("HEAD")

                let ok = try await w.action("ModifyGitCherryPick", #""BranchName":"master","Sha":"\#(picked)""#)
                #expect(ok["Error"].isNull, "\(ok)")
                try await runGit(["fetch", "-q", "origin"], in: w.dir)
                #expect(try await log(w, "%P|%s|%an|%cn", "origin/master") == "\(masterTip)|add f|Ada Pusher|Admin")
                #expect(try await log(w, "%B", "origin/master").contains("(cherry picked from commit \(picked))"))
                #expect(try await runGit(["show", "origin/master:f.txt"], in: w.dir).stdout == "feature\n")
                #expect(try await runGit(["show", "origin/master:README.md"], in: w.dir).stdout == "master readme\n")
                let picks = try await w.rev("origin/master")
                #expect(await h.pushes.pushes.last?.event.after == picks)

                // The same change again is already there; a conflicting one moves nothing.
                let again = try await w.action("ModifyGitCherryPick", #""BranchName":"master","Sha":"\#(picked)""#)
                #expect(again["Error"]["Code"].string == "FailedOperation")
                let conflict = try await w.action("ModifyGitCherryPick", #""BranchName":"master","Sha":"\#(conflicting)""#)
                #expect(conflict["Error"]["Code"].string == "FailedOperation")
                #expect(conflict["Error"]["Message"].string?.contains("README.md") == true, "\(conflict)")
                #expect(try await w.remote("refs/heads/master") == picks)

                // A protected branch takes a pick only from a member allowed to push.
                #expect(try await w.action("CreateBranchProtection", #""Rule":"master""#)["Error"].isNull)
                try await w.commit("g.txt", "g\n", "add g")
                try await runGit(["push", "-q", "origin", "HEAD:feature2"], in: w.dir)
                let g = try await w.rev("HEAD")
                let refused = try await w.action("ModifyGitCherryPick", #""BranchName":"master","Sha":"\#(g)""#)
                #expect(refused["Error"]["Code"].string == "UnauthorizedOperation", "\(refused)")
                #expect(refused["Error"]["Message"].string?.contains("protected") == true)
                #expect(try await w.remote("refs/heads/master") == picks)
                let ruleID = try #require(try await w.action("DescribeBranchProtections", "")["BranchProtections"][0]["BranchProtectionId"].int)
                _ = try await w.action("CreateBranchProtectionMember", #""BranchProtectionId":\#(ruleID),"UserGlobalKey":"admin","AllowPush":true"#)
                #expect(try await w.action("ModifyGitCherryPick", #""BranchName":"master","Sha":"\#(g)""#)["Error"].isNull)
                #expect(try await w.remote("refs/heads/master") != picks)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func rebaseReplaysTheBranchOnTheBase(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let root = try await w.rev("HEAD")
                try await runGit(["checkout", "-q", "-b", "feature"], in: w.dir)
                try await w.commit("f1.txt", "1\n", "feature one")
                try await w.commit("f2.txt", "2\n", "feature two")
                try await runGit(["push", "-q", "origin", "feature"], in: w.dir)
                let oldFeature = try await w.rev("HEAD")
                try await runGit(["checkout", "-q", "-b", "clash", root], in: w.dir)
                try await w.commit("README.md", "clash\n", "clash readme")
                try await runGit(["push", "-q", "origin", "clash"], in: w.dir)
                let clash = try await w.rev("HEAD")
                try await runGit(["checkout", "-q", "master"], in: w.dir)
                try await w.commit("README.md", "master\n", "master readme")
                try await runGit(["push", "-q", "origin", "master"], in: w.dir)
                let master = try await w.rev("HEAD")

                let rebased = try await w.action("ModifyGitRebase", #""BaseBranchName":"master","SrcBranchName":"feature""#)
                #expect(rebased["Error"].isNull, "\(rebased)")
                try await runGit(["fetch", "-q", "--force", "origin"], in: w.dir)
                let parents = try await runGit(["log", "--format=%P|%s|%an", "origin/feature"], in: w.dir).stdout
                    .split(separator: "\n").map(String.init)
                let newOne = try await w.rev("origin/feature~1")
                #expect(parents.count == 4)
                #expect(parents.first == "\(newOne)|feature two|Ada Pusher")
                #expect(parents.dropFirst().first == "\(master)|feature one|Ada Pusher")
                #expect(try await runGit(["show", "origin/feature:README.md"], in: w.dir).stdout == "master\n")
                let event = await h.pushes.pushes.last?.event
                #expect(event?.ref == "refs/heads/feature")
                #expect(event?.before == oldFeature)
                #expect(event?.forced == true)

                // Already on the base: nothing changes. A conflict leaves the branch as it was.
                #expect(try await w.action("ModifyGitRebase", #""BaseBranchName":"master","SrcBranchName":"feature""#)["Error"].isNull)
                #expect(try await w.remote("refs/heads/feature") == (try await w.rev("origin/feature")))
                let conflict = try await w.action("ModifyGitRebase", #""BaseBranchName":"master","SrcBranchName":"clash""#)
                #expect(conflict["Error"]["Code"].string == "FailedOperation", "\(conflict)")
                #expect(conflict["Error"]["Message"].string?.contains("README.md") == true)
                #expect(try await w.remote("refs/heads/clash") == clash)

                // A rule that denies force pushes refuses the rewrite, even for its members.
                _ = try await w.action("CreateBranchProtection", #""Rule":"feature""#)
                let ruleID = try #require(try await w.action("DescribeBranchProtections", "")["BranchProtections"][0]["BranchProtectionId"].int)
                _ = try await w.action("CreateBranchProtectionMember", #""BranchProtectionId":\#(ruleID),"UserGlobalKey":"admin","AllowPush":true"#)
                try await w.commit("m.txt", "m\n", "master more")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                let forced = try await w.action("ModifyGitRebase", #""BaseBranchName":"master","SrcBranchName":"feature""#)
                #expect(forced["Error"]["Code"].string == "UnauthorizedOperation", "\(forced)")
                #expect(forced["Error"]["Message"].string?.contains("force push") == true)
                let missing = try await w.action("ModifyGitRebase", #""BaseBranchName":"nope","SrcBranchName":"feature""#)
                #expect(missing["Error"]["Code"].string == "ResourceNotFound")
            }
        }
    }
}
