import Foundation
import Hummingbird
import SlipwayCore
import Testing

@testable import SlipwayGit

/// The real `git` client against `GitSmartHTTP` behind a loopback Hummingbird server.
@Suite(.serialized) struct TransportTests {
    @Test(arguments: ["0", "2"])
    func cloneEmptyPushFetch(protocolVersion: String) async throws {
        try await withRepository(readme: false) { repos, repo, dir in
            let events = EventLog()
            try await withGitServer(repos, events: events) { base in
                let url = base + "/team/demo.git"
                let v = ["-c", "protocol.version=" + protocolVersion]
                try await gitClient(v + ["clone", "-q", url, "a"], cwd: dir.path)
                let a = dir.path + "/a"
                try await gitClient(["checkout", "-q", "-b", "main"], cwd: a)
                for i in 1...3 { try await commitFiles(["f\(i).txt": "line \(i)\n"], message: "commit \(i)", in: a) }
                try await gitClient(v + ["push", "-q", "origin", "main"], cwd: a)
                try await gitClient(v + ["tag", "-a", "v1", "-m", "release one"], cwd: a)
                try await gitClient(v + ["push", "-q", "origin", "v1"], cwd: a)

                try await gitClient(v + ["clone", "-q", url, "b"], cwd: dir.path)
                let b = dir.path + "/b"
                #expect(try await gitClient(["log", "--format=%s"], cwd: b).stdout == "commit 3\ncommit 2\ncommit 1\n")
                try await commitFiles(["f4.txt": "four\n"], message: "commit 4", in: a)
                try await gitClient(v + ["push", "-q", "origin", "main"], cwd: a)
                try await gitClient(v + ["fetch", "-q", "origin"], cwd: b)
                #expect(try await gitClient(["log", "-1", "--format=%s", "origin/main"], cwd: b).stdout == "commit 4\n")

                // ls-remote agrees with the server-side listings.
                let remote = try await gitClient(v + ["ls-remote", url], cwd: b).stdout
                let branches = try await repo.branches(), tags = try await repo.tags()
                #expect(branches.count == 1 && tags.count == 1)
                #expect(remote.contains("\(branches[0].sha)\trefs/heads/main"))
                #expect(remote.contains("\(tags[0].sha)\trefs/tags/v1"))
                #expect(tags[0].isAnnotated && tags[0].message == "release one")
                let tagged = try await repo.resolveCommit("main~1")
                #expect(tags[0].targetSHA == tagged)
            }
            let pushed = await events.events
            #expect(pushed.count == 3)
            let first = try #require(pushed.first)
            #expect(first.ref == "refs/heads/main" && first.created && !first.forced && !first.deleted)
            #expect(first.before == RefFormat.zeroSHA)
            #expect(first.commits.map(\.message) == ["commit 3", "commit 2", "commit 1"])
            #expect(first.totalCommits == 3)
            #expect(first.commits[0].author == GitIdentity(name: "Tess Ter", email: "tess@example.com"))
            #expect(first.commits[0].timestamp > 1_600_000_000_000)
            #expect(first.pusher == Pusher(id: "u1", name: "tess"))
            #expect(pushed[1].ref == "refs/tags/v1" && pushed[1].created)
            #expect(pushed[2].commits.map(\.message) == ["commit 4"] && !pushed[2].created)
            #expect(pushed[2].before == first.after)
        }
    }

    @Test func policyRejectionLeavesRefsAndShowsMessage() async throws {
        try await withRepository { repos, repo, dir in
            let events = EventLog()
            let seen = EventLog()
            let policy: PushPolicy = { update in
                await seen.append([
                    PushEvent(
                        repository: "", ref: update.ref, before: update.oldSHA, after: update.newSHA, pusher: nil,
                        commits: [], totalCommits: 0, created: update.isCreate, deleted: update.isDelete,
                        forced: update.isForcePush)
                ])
                if update.ref == "refs/heads/main" && update.isForcePush { return .reject("force-push to main is not allowed") }
                if update.ref.hasPrefix("refs/heads/locked") { return .reject("branch locked is protected") }
                return .allow
            }
            try await withGitServer(repos, policy: policy, events: events) { base in
                let url = base + "/team/demo.git"
                try await gitClient(["clone", "-q", url, "w"], cwd: dir.path)
                let w = dir.path + "/w"
                let before = try await repo.resolveCommit("main")
                // Rejected: a new protected branch together with an allowed one; nothing lands.
                try await commitFiles(["x.txt": "x\n"], message: "x", in: w)
                let rejected = try await gitClient(
                    ["push", "origin", "HEAD:refs/heads/locked", "HEAD:refs/heads/free"], cwd: w, check: false)
                #expect(rejected.status != 0)
                #expect(rejected.stderr.contains("remote: branch locked is protected"))
                #expect(rejected.stderr.contains("[remote rejected]"))
                #expect(try await repo.branches().map(\.name) == ["main"])

                // Fast-forward to main is allowed.
                try await gitClient(["push", "-q", "origin", "HEAD:main"], cwd: w)
                let after = try await repo.resolveCommit("main")
                #expect(after != before)

                // Force push (rewrite) is detected and refused; main stays.
                try await gitClient(["commit", "-q", "--amend", "-m", "rewritten"], cwd: w)
                let forced = try await gitClient(["push", "-f", "origin", "HEAD:main"], cwd: w, check: false)
                #expect(forced.status != 0)
                #expect(forced.stderr.contains("force-push to main is not allowed"))
                #expect(try await repo.resolveCommit("main") == after)
                // The same rewrite on another branch is allowed and reported as forced.
                try await gitClient(["push", "-q", "origin", "\(after):refs/heads/topic"], cwd: w)
                try await gitClient(["push", "-q", "-f", "origin", "HEAD:refs/heads/topic"], cwd: w)
                try await gitClient(["push", "-q", "origin", ":refs/heads/topic"], cwd: w)
            }
            let accepted = await events.events
            #expect(accepted.map(\.ref) == ["refs/heads/main", "refs/heads/topic", "refs/heads/topic", "refs/heads/topic"])
            #expect(accepted[0].commits.map(\.message) == ["x"] && !accepted[0].forced)
            #expect(accepted[1].created && accepted[1].totalCommits == 0)
            #expect(accepted[2].forced && accepted[2].commits.map(\.message) == ["rewritten"])
            #expect(accepted[3].deleted && accepted[3].after == RefFormat.zeroSHA)
            let asked = await seen.events
            #expect(asked.contains { $0.ref == "refs/heads/main" && $0.forced })
            #expect(asked.contains { $0.ref == "refs/heads/locked" && $0.created })
        }
    }

    /// Many commits and a large incompressible file, so packs span many chunks both ways.
    @Test func largePushAndCloneStreamThrough() async throws {
        try await withRepository(readme: false) { repos, repo, dir in
            let events = EventLog()
            try await withGitServer(repos, events: events) { base in
                let url = base + "/team/demo.git"
                let a = dir.path + "/a"
                try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: true)
                try await gitClient(["init", "-q", "-b", "main"], cwd: a)
                var bytes = [UInt8](repeating: 0, count: 4 << 20)
                var state: UInt64 = 0x9E37_79B9_7F4A_7C15
                for i in bytes.indices {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    bytes[i] = UInt8(truncatingIfNeeded: state >> 33)
                }
                try Data(bytes).write(to: URL(fileURLWithPath: a + "/big.bin"))
                try await gitClient(["add", "big.bin"], cwd: a)
                try await gitClient(["commit", "-q", "-m", "big"], cwd: a)
                // 150 more commits, each touching one small file.
                for i in 1...150 {
                    try "\(i)\n".write(toFile: a + "/n.txt", atomically: true, encoding: .utf8)
                    try await gitClient(["add", "n.txt"], cwd: a)
                    try await gitClient(["commit", "-q", "-m", "n \(i)"], cwd: a)
                }
                try await gitClient(["push", "-q", url, "main"], cwd: a)
                try await gitClient(["-c", "protocol.version=2", "clone", "-q", url, "b"], cwd: dir.path)
                let cloned = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/b/big.bin"))
                #expect(cloned == Data(bytes))
                #expect(try await gitClient(["rev-list", "--count", "HEAD"], cwd: dir.path + "/b").stdout == "151\n")
            }
            let pushed = await events.events
            #expect(pushed.count == 1 && pushed[0].totalCommits == 151 && pushed[0].commits.count == PushEvent.commitLimit)
            #expect(try await repo.resolveCommit("main") == pushed[0].after)
        }
    }

    /// A client that goes away while its pack is sent: the call ends with the writer's error,
    /// and git, held on a full pipe, is ended with it.
    @Test func aClientGoneMidPackEndsGit() async throws {
        struct Gone: Error {}
        try await withRepository(readme: false) { repos, repo, dir in
            let a = dir.path + "/a"
            try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: true)
            try await gitClient(["init", "-q", "-b", "main"], cwd: a)
            var state: UInt64 = 0x2545_F491_4F6C_DD1D
            let bytes = (0..<(2 << 20)).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: a + "/big.bin"))
            try await gitClient(["add", "big.bin"], cwd: a)
            try await gitClient(["commit", "-q", "-m", "big"], cwd: a)
            try await gitClient(["push", "-q", repo.directory, "main"], cwd: a)
            let head = try await repo.resolveCommit("main")
            let request = PktLine.encode("want \(head)\n") + PktLine.flush + PktLine.encode("done\n")
            let start = ContinuousClock.now
            await #expect(throws: Gone.self) {
                try await GitSmartHTTP(repositories: repos).uploadPack(
                    repository: repo.path, body: ChunkSequence(chunks: [ByteBuffer(string: request)])
                ) { _ in throw Gone() }
            }
            #expect(ContinuousClock.now - start < .seconds(20))
            #expect(try Self.processes(mentioning: repo.directory).isEmpty, "git upload-pack was left running")
        }
    }

    /// Command lines of this machine's processes that contain `text`.
    static func processes(mentioning text: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap { entry in
            guard Int32(entry) != nil, let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let line = String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(text) ? line : nil
        }
    }

    @Test func gzipRequestBodyAndProtocolV2() async throws {
        try await withRepository { repos, repo, dir in
            let smart = GitSmartHTTP(repositories: repos)
            // A protocol-v2 ls-refs request, gzipped by the real gzip tool.
            let request = PktLine.encode("command=ls-refs\n") + "0001" + PktLine.encode("peel\n") + "0000"
            let raw = dir.path + "/req"
            try request.write(toFile: raw, atomically: true, encoding: .utf8)
            let gz = Process()
            gz.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            gz.arguments = ["gzip", "-k", raw]
            try gz.run()
            gz.waitUntilExit()
            let body = Array(try Data(contentsOf: URL(fileURLWithPath: raw + ".gz")))
            let chunks = stride(from: 0, to: body.count, by: 7).map { ByteBuffer(bytes: body[$0..<min($0 + 7, body.count)]) }
            var output = ByteBuffer()
            try await smart.uploadPack(
                repository: repo.path, body: ChunkSequence(chunks: chunks), contentEncoding: "gzip",
                gitProtocol: "version=2"
            ) { output.writeImmutableBuffer($0) }
            let text = String(buffer: output)
            let main = try await repo.resolveCommit("main")
            #expect(text.contains("\(main) refs/heads/main"))
            #expect(text.hasSuffix("0000"))

            // v2 advertisement has no "# service" header; v0 has it.
            var adv2 = ByteBuffer(), adv0 = ByteBuffer()
            try await smart.advertiseRefs(service: .uploadPack, repository: repo.path, gitProtocol: "version=2") {
                adv2.writeImmutableBuffer($0)
            }
            try await smart.advertiseRefs(service: .uploadPack, repository: repo.path, gitProtocol: nil) {
                adv0.writeImmutableBuffer($0)
            }
            #expect(String(buffer: adv2).hasPrefix("000eversion 2\n"))
            #expect(String(buffer: adv0).hasPrefix("001e# service=git-upload-pack\n0000"))
            await #expect(throws: SlipwayError.self) {
                try await smart.uploadPack(
                    repository: repo.path, body: ChunkSequence(chunks: []), contentEncoding: "br"
                ) { _ in }
            }
        }
    }
}

/// A request body made of fixed chunks.
struct ChunkSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunks: [ByteBuffer]
    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: ArraySlice<ByteBuffer>
        mutating func next() async throws -> ByteBuffer? { rest.popFirst() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: chunks[...]) }
}
