import Foundation
import SlipwayCore
import Testing

@testable import SlipwayGit

@Suite struct WriteTests {
    @Test func createCommitVisibleOverHTTPFetch() async throws {
        try await withRepository { repos, repo, dir in
            let head = try await repo.resolveCommit("main")
            let result = try await repo.createCommit(
                CommitRequest(
                    branch: "main", expectedHead: .sha(head), message: "API commit\n\nbody", author: tester,
                    actions: [
                        .create(path: "src/app.txt", content: .text("hello\n")),
                        .create(path: "bin/run.sh", content: .base64(Data("#!/bin/sh\n".utf8).base64EncodedString()), executable: true),
                        .update(path: "README.md", content: .text("# Demo 2\n")),
                    ]),
                pusher: Pusher(id: "u2", name: "api"))
            #expect(result.commit.parents == [head])
            #expect(result.commit.message == "API commit\n\nbody")
            #expect(result.event.before == head && result.event.after == result.commit.sha)
            #expect(result.event.commits.map(\.sha) == [result.commit.sha] && result.event.pusher?.id == "u2")

            let events = EventLog()
            try await withGitServer(repos, events: events) { base in
                try await gitClient(["clone", "-q", base + "/team/demo.git", "w"], cwd: dir.path)
                let w = dir.path + "/w"
                #expect(try String(contentsOfFile: w + "/src/app.txt", encoding: .utf8) == "hello\n")
                #expect(FileManager.default.isExecutableFile(atPath: w + "/bin/run.sh"))
                // Move + delete, then the client fetches the new commit.
                let second = try await repo.createCommit(
                    CommitRequest(
                        branch: "main", expectedHead: .sha(result.commit.sha), message: "reshuffle", author: tester,
                        actions: [.move(from: "src/app.txt", to: "src/main.txt"), .delete(path: "bin/run.sh")]),
                    pusher: nil)
                try await gitClient(["fetch", "-q", "origin"], cwd: w)
                let files = try await gitClient(["ls-tree", "-r", "--name-only", "origin/main"], cwd: w).stdout
                #expect(files == "README.md\nsrc/main.txt\n")
                #expect(try await gitClient(["rev-parse", "origin/main"], cwd: w).stdout == second.commit.sha + "\n")
            }
        }
    }

    @Test func optimisticLockAndActionErrors() async throws {
        try await withRepository { _, repo, _ in
            let head = try await repo.resolveCommit("main")
            let stale = String(repeating: "1", count: 40)
            func request(_ expected: ExpectedHead, _ actions: [FileAction], branch: String = "main") -> CommitRequest {
                CommitRequest(branch: branch, expectedHead: expected, message: "m", author: tester, actions: actions)
            }
            await #expect(throws: SlipwayError.self) {
                try await repo.createCommit(request(.sha(stale), [.create(path: "a", content: .text("a"))]), pusher: nil)
            }
            await #expect(throws: SlipwayError.conflict("file README.md already exists")) {
                try await repo.createCommit(request(.sha(head), [.create(path: "README.md", content: .text("a"))]), pusher: nil)
            }
            await #expect(throws: SlipwayError.notFound("file nope not found")) {
                try await repo.createCommit(request(.any, [.delete(path: "nope")]), pusher: nil)
            }
            await #expect(throws: SlipwayError.self) {
                try await repo.createCommit(request(.any, [.create(path: "../evil", content: .text("a"))]), pusher: nil)
            }
            await #expect(throws: SlipwayError.self) {
                try await repo.createCommit(request(.any, [.create(path: "x", content: .base64("!!!"))]), pusher: nil)
            }
            #expect(try await repo.resolveCommit("main") == head)
            // Onto a new branch from a start point.
            var onNew = request(.absent, [.create(path: "feature.txt", content: .text("f"))], branch: "feature/x")
            onNew.startPoint = "main"
            let created = try await repo.createCommit(onNew, pusher: nil)
            #expect(created.event.created && created.event.commits.count == 1)
            #expect(try await repo.resolveCommit("main") == head)
            await #expect(throws: SlipwayError.conflict("branch feature/x already exists")) {
                try await repo.createCommit(onNew, pusher: nil)
            }
        }
    }

    @Test func branchesAndTags() async throws {
        try await withRepository { _, repo, _ in
            let head = try await repo.resolveCommit("main")
            let b = try await repo.createBranch("dev", from: "main")
            #expect(b.sha == head && !b.isDefault)
            await #expect(throws: SlipwayError.conflict("branch dev already exists")) {
                try await repo.createBranch("dev", from: "main")
            }
            await #expect(throws: SlipwayError.self) { try await repo.createBranch("--upload-pack=x", from: "main") }
            await #expect(throws: SlipwayError.notFound("revision nope not found")) {
                try await repo.createBranch("x", from: "nope")
            }
            try await repo.createTag("v1", at: "main")
            try await repo.createTag("v2", at: "dev", message: "second\n\nnotes", tagger: tester)
            let tags = try await repo.tags()
            #expect(tags.map(\.name) == ["v1", "v2"])
            #expect(!tags[0].isAnnotated && tags[0].sha == head && tags[0].targetSHA == head)
            #expect(tags[1].isAnnotated && tags[1].sha != head && tags[1].targetSHA == head)
            #expect(tags[1].message == "second\n\nnotes" && tags[1].tagger?.email == "tess@example.com")
            await #expect(throws: SlipwayError.conflict("tag v1 already exists")) { try await repo.createTag("v1", at: "main") }
            try await repo.deleteTag("v1")
            await #expect(throws: SlipwayError.notFound("tag v1 not found")) { try await repo.deleteTag("v1") }
            await #expect(throws: SlipwayError.self) { try await repo.deleteBranch("main") }
            try await repo.setDefaultBranch("dev")
            #expect(try await repo.defaultBranch() == "dev")
            let deleted = try await repo.deleteBranch("main")
            #expect(deleted.deleted && deleted.before == head)
            await #expect(throws: SlipwayError.notFound("branch main not found")) { try await repo.deleteBranch("main") }
        }
    }
}

/// Root commits (no parent) diff against the empty tree.
@Suite struct RootCommitDiffTests {
    @Test func rootCommitDetailListsItsFiles() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-rootdiff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let repos = try GitRepositories(root: root.path)
        let path = try RepositoryPath("team/p/root")
        let repo = try await repos.create(path, defaultBranch: "main")
        let result = try await repo.createCommit(
            CommitRequest(
                branch: "main", expectedHead: .absent, message: "first", author: GitIdentity(name: "T", email: "t@example.com"),
                actions: [.create(path: "a.txt", content: .text("hello\n"))]),
            pusher: nil)
        let detail = try await repo.commitDetail(result.commit.sha)
        #expect(detail.files.map(\.path) == ["a.txt"])
        #expect(detail.files.first?.status == .added)
        #expect(detail.stats.additions == 1)
    }
}
