import Foundation
import SlipwayCore
import Testing

@Suite("CODING merged-branch cleanup, read-only branches and binary files over real git")
struct BranchUpkeepTests {
    @Test(arguments: CodingStoreKind.enabled)
    func deleteMergedBranchesKeepsDefaultProtectedAndUnmerged(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let root = try await w.rev("HEAD")
                try await w.commit("a.txt", "a\n", "master a")
                try await runGit(["push", "-q", "origin", "HEAD:master"], in: w.dir)
                for (branch, at) in [("old", root), ("same", "HEAD"), ("keep/one", root), ("frozen", root)] {
                    try await runGit(["push", "-q", "origin", "\(at):refs/heads/\(branch)"], in: w.dir)
                }
                try await runGit(["checkout", "-q", "-b", "work", root], in: w.dir)
                try await w.commit("w.txt", "w\n", "unmerged work")
                try await runGit(["push", "-q", "origin", "work"], in: w.dir)
                #expect(try await w.action("CreateBranchProtection", #""Rule":"keep/*""#)["Error"].isNull)
                let frozen = try await h.action("CreateReadOnlyRef", #"{"DepotPath":"slipway/alpha/app","RefName":"frozen"}"#).response
                #expect(frozen["Error"].isNull, "\(frozen)")

                let before = await h.pushes.pushes.count
                let deleted = try await w.action("DeleteGitMergedBranches", "")
                #expect(deleted["Error"].isNull, "\(deleted)")
                let heads = try await runGit(["ls-remote", "--heads", "origin"], in: w.dir).stdout
                    .split(separator: "\n").compactMap { $0.split(separator: "\t").last.map { String($0.dropFirst(11)) } }
                #expect(Set(heads) == ["master", "keep/one", "frozen", "work"], "\(heads)")
                let events = await h.pushes.pushes.dropFirst(before).map(\.event)
                #expect(Set(events.map(\.ref)) == ["refs/heads/old", "refs/heads/same"])
                #expect(events.allSatisfy { $0.deleted })
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func readOnlyBranchRefusesEveryWriteUntilReleased(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await runGit(["push", "-q", "origin", "HEAD:release"], in: w.dir)
                let tip = try await w.rev("HEAD")
                #expect(try await h.action("CreateReadOnlyRef", #"{"DepotPath":"slipway/alpha/app","RefName":"release"}"#).response["Error"].isNull)
                let twice = try await h.action("CreateReadOnlyRef", #"{"DepotPath":"slipway/alpha/app","RefName":"release"}"#).response
                #expect(twice["Error"]["Code"].string == "FailedOperation")
                let shown = try await w.action("DescribeGitBranch", #""BranchName":"release""#)
                #expect(shown["GitBranch"]["IsReadOnly"] == .bool(true), "\(shown)")
                let listed = try await w.action("DescribeGitBranches", #""PageNumber":1,"PageSize":10"#)
                #expect(listed["Branches"].array.first { $0["BranchName"] == .string("release") }?["IsReadOnly"] == .bool(true))
                #expect(listed["Branches"].array.first { $0["BranchName"] == .string("master") }?["IsReadOnly"] == .bool(false), "\(listed)")
                let absent = try await h.action("CreateReadOnlyRef", #"{"DepotPath":"slipway/alpha/app","RefName":"nope"}"#).response
                #expect(absent["Error"]["Code"].string == "ResourceNotFound")

                try await w.commit("r.txt", "r\n", "into release")
                let pushed = try await runGit(["push", "origin", "HEAD:release"], in: w.dir, check: false)
                #expect(pushed.status != 0)
                #expect(pushed.stderr.contains("branch release is read-only"), "\(pushed.stderr)")
                #expect(try await runGit(["push", "origin", ":release"], in: w.dir, check: false).status != 0)
                let commit = try await w.action("CreateGitFiles", #""Ref":"release","Message":"m","GitFiles":[{"Path":"x","Content":"x"}]"#)
                #expect(commit["Error"]["Code"].string == "UnauthorizedOperation", "\(commit)")
                let pick = try await w.action("ModifyGitCherryPick", #""BranchName":"release","Sha":"\#(tip)""#)
                #expect(pick["Error"]["Code"].string == "UnauthorizedOperation")
                #expect(try await w.action("DeleteGitBranch", #""BranchName":"release""#)["Error"]["Code"].string == "UnauthorizedOperation")
                #expect(try await w.remote("refs/heads/release") == tip)

                #expect(try await w.action("DeleteReadOnlyRef", #""RefName":"release""#)["Error"].isNull)
                try await runGit(["push", "-q", "origin", "HEAD:release"], in: w.dir)
                #expect(try await w.remote("refs/heads/release") == (try await w.rev("HEAD")))
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func binaryFilesRoundTripThroughClone(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let head = try await w.rev("HEAD")
                var bytes = [UInt8](0...255) + [0, 0, 0xFF, 0x0A, 0x0D, 0x0A]
                for i in 0..<4096 { bytes.append(UInt8(truncatingIfNeeded: i &* 7919 &+ 13)) }
                let payload = Data(bytes)
                let created = try await w.action(
                    "CreateBinaryFiles",
                    """
                    "SrcRef":"master","Message":"add blobs","LastCommitSha":"\(head)","UserId":1,
                    "GitFiles":[{"Path":"/data/blob.bin","Content":"\(payload.base64EncodedString())"},
                                {"Path":"README.md","Content":"\(Data("binary readme\n".utf8).base64EncodedString())"}]
                    """)
                let sha = try #require(created["GitCommit"]["Sha"].string, "\(created)")
                #expect(created["GitCommit"]["Parents"].array.map(\.string) == [head])
                #expect(created["GitCommit"]["Committer"]["Name"].string == "Admin")
                #expect(created["GitCommit"]["ShortMessage"].string == "add blobs")
                #expect((created["GitCommit"]["CommitDate"].int ?? 0) > 1_600_000_000_000)

                try await runGit(["clone", "-q", h.cloneURL("alpha", "app", token: h.adminToken), "fresh"], in: scratch)
                let fresh = scratch + "/fresh"
                #expect(try await runGit(["rev-parse", "HEAD"], in: fresh).stdout.hasPrefix(sha))
                #expect(try Data(contentsOf: URL(fileURLWithPath: fresh + "/data/blob.bin")) == payload)
                #expect(try String(contentsOfFile: fresh + "/README.md", encoding: .utf8) == "binary readme\n")
                #expect(await h.pushes.pushes.last?.event.after == sha)

                // DestRef starts a new branch; a stale LastCommitSha and bad base64 change nothing.
                let branched = try await w.action(
                    "CreateBinaryFiles",
                    """
                    "SrcRef":"master","DestRef":"blobs","Message":"more","LastCommitSha":"\(sha)",
                    "GitFiles":[{"Path":"more.bin","Content":"AAEC"}]
                    """)
                #expect(branched["Error"].isNull, "\(branched)")
                #expect(try await w.remote("refs/heads/blobs") == branched["GitCommit"]["Sha"].string)
                let stale = try await w.action(
                    "CreateBinaryFiles",
                    """
                    "SrcRef":"master","Message":"m","LastCommitSha":"\(head)","GitFiles":[{"Path":"s.bin","Content":"AAEC"}]
                    """)
                #expect(stale["Error"]["Code"].string == "FailedOperation")
                let bad = try await w.action(
                    "CreateBinaryFiles",
                    """
                    "SrcRef":"master","Message":"m","LastCommitSha":"\(sha)","GitFiles":[{"Path":"s.bin","Content":"@@@"}]
                    """)
                #expect(bad["Error"]["Code"].string == "InvalidParameterValue")
                let escape = try await w.action(
                    "CreateBinaryFiles",
                    """
                    "SrcRef":"master","Message":"m","LastCommitSha":"\(sha)","GitFiles":[{"Path":"../x","Content":"AAEC"}]
                    """)
                #expect(escape["Error"]["Code"].string == "InvalidParameterValue")
                #expect(try await w.remote("refs/heads/master") == sha)
            }
        }
    }
}
