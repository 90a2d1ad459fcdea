import Foundation
import SlipwayCore
import Testing

@testable import SlipwayGit

@Suite struct ReplayTests {
    let picker = GitIdentity(name: "Pick Er", email: "pick@example.com")

    func commit(_ repo: GitRepository, on branch: String, _ action: FileAction, _ message: String) async throws -> GitCommit {
        try await repo.createCommit(CommitRequest(branch: branch, message: message, author: tester, actions: [action]), pusher: nil).commit
    }

    @Test func revertOfTheRootCommitEmptiesTheTree() async throws {
        try await withRepository { _, repo, _ in
            let root = try await repo.resolveCommit("main")
            let result = try await repo.revert(root, on: "main", message: "Revert root", author: picker, pusher: nil)
            #expect(result.commit.parents == [root])
            #expect(result.commit.treeSHA == GitRepository.emptyTree)
            #expect(result.event.before == root && !result.event.forced)
            await #expect(throws: SlipwayError.self) {
                try await repo.revert(root, on: "main", message: "again", author: picker, pusher: nil)
            }
        }
    }

    @Test func cherryPickKeepsAuthorAndTime() async throws {
        try await withRepository { _, repo, _ in
            try await repo.createBranch("feature", from: "main")
            let picked = try await commit(repo, on: "feature", .create(path: "f.txt", content: .text("f\n")), "add f")
            _ = try await commit(repo, on: "main", .create(path: "m.txt", content: .text("m\n")), "add m")
            let result = try await repo.cherryPick(picked.sha, onto: "main", committer: picker, pusher: nil)
            #expect(result.commit.author.name == tester.name)
            #expect(result.commit.author.time == picked.author.time)
            #expect(result.commit.committer.name == picker.name)
            #expect(try await repo.fileExists(at: "main", path: "f.txt"))
            #expect(try await repo.fileExists(at: "main", path: "m.txt"))
        }
    }

    @Test func rebaseFastForwardsAndSkipsChangesTheBaseHas() async throws {
        try await withRepository { _, repo, _ in
            try await repo.createBranch("behind", from: "main")
            try await repo.createBranch("feature", from: "main")
            let shared = try await commit(repo, on: "feature", .create(path: "s.txt", content: .text("s\n")), "shared")
            _ = try await commit(repo, on: "feature", .create(path: "own.txt", content: .text("o\n")), "own")
            _ = try await repo.cherryPick(shared.sha, onto: "main", committer: picker, pusher: nil)
            let main = try await repo.resolveCommit("main")

            let ff = try await repo.rebase("behind", onto: "main", committer: picker, pusher: nil)
            #expect(ff.sha == main && ff.replayed == 0 && ff.event?.forced == false)

            let rebased = try await repo.rebase("feature", onto: "main", committer: picker, pusher: nil)
            #expect(rebased.replayed == 1)
            #expect(rebased.event?.forced == true)
            let tip = try await repo.commit("feature")
            #expect(tip.subject == "own" && tip.parents == [main])

            let again = try await repo.rebase("feature", onto: "main", committer: picker, pusher: nil)
            #expect(again.event == nil && again.sha == tip.sha)
        }
    }
}
