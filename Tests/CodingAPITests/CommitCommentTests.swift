import Foundation
import SlipwayCore
import Testing

@Suite("CODING commit comments and notes by commit")
struct CommitCommentTests {
    @Test(arguments: CodingStoreKind.enabled)
    func commentsAreStoredPerCommitAndPaged(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let bobToken = try await w.addMember("bob")
                try FileManager.default.createDirectory(atPath: w.dir + "/dir", withIntermediateDirectories: true)
                try await w.commit("dir/file.txt", "one\ntwo\n", "add file")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                let sha = try await w.rev("HEAD")
                let lines = try await w.action("DescribeGitCommitDiff", #""Sha":"\#(sha)""#)["Diffs"][0]["Lines"].array.count

                // The documented example: a comment on line 1 of a file of the commit.
                let created = try await w.action(
                    "CreateGitCommitComment", #""Sha":"\#(sha)","Path":"dir/file.txt","Index":1,"Content":"Hello""#)
                let comment = created["Comment"]
                #expect(comment["CommitSha"].string == sha, "\(created)")
                #expect(comment["DepotId"].int == w.depotID)
                #expect(comment["Path"].string == "dir/file.txt")
                #expect(comment["Index"].int == 1)
                #expect(comment["Content"].string == "Hello")
                #expect(comment["Author"]["GlobalKey"].string == "admin")
                let createdAt = try #require(comment["CreatedAt"].int)
                #expect(abs(createdAt - EpochMillis.now()) < 60_000)
                // A whole-commit comment by another member, addressed by an abbreviated SHA.
                let whole = try await h.action(
                    "CreateGitCommitComment", #"{"DepotId":\#(w.depotID),"Sha":"\#(sha.prefix(10))","Content":"Nice"}"#,
                    token: bobToken
                ).response
                #expect(whole["Comment"]["Path"].string == "", "\(whole)")
                #expect(whole["Comment"]["Author"]["GlobalKey"].string == "bob")

                let bad = [
                    #""Sha":"\#(sha)","Path":"README.md","Index":0,"Content":"x""#,
                    #""Sha":"\#(sha)","Path":"dir/file.txt","Index":\#(lines),"Content":"x""#,
                    #""Sha":"\#(sha)","Path":"dir/file.txt","Index":-1,"Content":"x""#,
                ]
                for fields in bad {
                    #expect(try await w.action("CreateGitCommitComment", fields)["Error"]["Code"].string == "InvalidParameterValue")
                }
                #expect(try await w.action("CreateGitCommitComment", #""Sha":"\#(sha)""#)["Error"]["Code"].string == "MissingParameter")
                let unknown = try await w.action("CreateGitCommitComment", #""Sha":"\#(String(repeating: "a", count: 40))","Content":"x""#)
                #expect(unknown["Error"]["Code"].string == "ResourceNotFound")

                let listed = try await h.action(
                    "DescribeGitCommitComments",
                    #"{"DepotPath":"slipway/alpha/app","Sha":"\#(sha)","PageNumber":1,"PageSize":10}"#
                ).response
                let body = listed["GitCommitComments"]
                #expect(body["CommitComments"].array.map { $0["Content"].string } == ["Hello", "Nice"], "\(listed)")
                #expect(body["Page"]["TotalRow"].int == 2)
                #expect(body["Page"]["TotalPage"].int == 1)
                let second = try await h.action(
                    "DescribeGitCommitComments",
                    #"{"DepotPath":"slipway/alpha/app","Sha":"\#(sha)","PageNumber":2,"PageSize":1}"#
                ).response["GitCommitComments"]
                #expect(second["CommitComments"].array.map { $0["Content"].string } == ["Nice"])
                #expect(second["Page"]["PageNumber"].int == 2)
                #expect(second["Page"]["TotalPage"].int == 2)
                let parent = try await w.rev("HEAD~1")
                let none = try await h.action(
                    "DescribeGitCommitComments",
                    #"{"DepotPath":"slipway/alpha/app","Sha":"\#(parent)","PageNumber":1,"PageSize":10}"#
                ).response
                #expect(none["GitCommitComments"]["CommitComments"].array.isEmpty)
                #expect(none["GitCommitComments"]["Page"]["TotalRow"].int == 0)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func notesByCommitsReadAnyNotesRef(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let first = try await w.rev("HEAD")
                try await w.commit("b.txt", "b\n", "second")
                try await w.commit("c.txt", "c\n", "third")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                let second = try await w.rev("HEAD~1"), third = try await w.rev("HEAD")
                for (sha, note) in [(first, "first note"), (third, "third note")] {
                    let r = try await w.action("CreateGitCommitNote", #""CommitSha":"\#(sha)","Note":"\#(note)""#)
                    #expect(r["Error"].isNull, "\(r)")
                }
                let notes = try await w.action(
                    "DescribeNotesByCommits", #""NoteRef":"","Commits":["\#(first)","\#(second)","\#(third)"]"#)["Notes"]
                #expect(notes.array.map { $0["CommitSha"].string } == [first, third], "\(notes)")
                #expect(notes.array.map { $0["NoteContent"].string } == ["first note", "third note"])

                // A notes ref pushed by a client (`demo`, the example's) is read the same way.
                try await runGit(["notes", "--ref=demo", "add", "-m", "demo", second], in: w.dir)
                try await runGit(["push", "-q", "origin", "refs/notes/demo"], in: w.dir)
                let demo = try await w.action("DescribeNotesByCommits", #""NoteRef":"demo","Commits":["\#(first)","\#(second)"]"#)
                #expect(demo["Notes"].array.map { $0["CommitSha"].string } == [second], "\(demo)")
                #expect(demo["Notes"][0]["NoteContent"].string == "demo")
                let full = try await w.action("DescribeNotesByCommits", #""NoteRef":"refs/notes/demo","Commits":"\#(second)""#)
                #expect(full["Notes"].array.count == 1)

                let badRef = try await w.action("DescribeNotesByCommits", #""NoteRef":"refs/heads/master","Commits":["\#(first)"]"#)
                #expect(badRef["Error"]["Code"].string == "InvalidParameterValue")
                let noCommits = try await w.action("DescribeNotesByCommits", #""NoteRef":"demo","Commits":[]"#)
                #expect(noCommits["Error"]["Code"].string == "MissingParameter")
                let injected = try await w.action("DescribeNotesByCommits", #""NoteRef":"demo","Commits":["--all"]"#)
                #expect(injected["Error"]["Code"].string == "InvalidParameterValue")
            }
        }
    }
}
