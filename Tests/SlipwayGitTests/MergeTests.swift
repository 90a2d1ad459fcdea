import Foundation
import SlipwayCore
import Testing

@testable import SlipwayGit

@Suite struct MergeTests {
    /// main: README; feature: +feature.txt (2 commits); main moves on with other.txt.
    func diverged(_ repo: GitRepository) async throws {
        try await repo.createBranch("feature", from: "main")
        for i in 1...2 {
            _ = try await repo.createCommit(
                CommitRequest(
                    branch: "feature", message: "feature \(i)", author: tester,
                    actions: [i == 1 ? .create(path: "feature.txt", content: .text("1\n")) : .update(path: "feature.txt", content: .text("2\n"))]),
                pusher: nil)
        }
    }

    func commitOnMain(_ repo: GitRepository, _ path: String, _ text: String) async throws {
        let exists = try await repo.fileExists(at: "main", path: path)
        _ = try await repo.createCommit(
            CommitRequest(
                branch: "main", message: "main: \(path)", author: tester,
                actions: [exists ? .update(path: path, content: .text(text)) : .create(path: path, content: .text(text))]),
            pusher: nil)
    }

    @Test func fastForward() async throws {
        try await withRepository { _, repo, _ in
            try await diverged(repo)
            let source = try await repo.resolveCommit("feature")
            let result = try await repo.merge(
                MergeRequest(source: "feature", target: "main", mode: .fastForwardOnly, author: tester, deleteSourceBranch: true),
                pusher: nil)
            let mainNow = try await repo.resolveCommit("main")
            #expect(result.sha == source && mainNow == source)
            #expect(result.events.count == 2 && result.events[0].commits.count == 2 && result.events[1].deleted)
            #expect(try await repo.branches().map(\.name) == ["main"])
        }
    }

    @Test func fastForwardRefusedWhenDiverged() async throws {
        try await withRepository { _, repo, _ in
            try await diverged(repo)
            try await commitOnMain(repo, "other.txt", "o\n")
            let main = try await repo.resolveCommit("main")
            await #expect(throws: SlipwayError.self) {
                try await repo.merge(MergeRequest(source: "feature", target: "main", mode: .fastForwardOnly, author: tester), pusher: nil)
            }
            #expect(try await repo.resolveCommit("main") == main)
        }
    }

    @Test func mergeCommitAndSquash() async throws {
        try await withRepository { _, repo, _ in
            try await diverged(repo)
            try await repo.createBranch("feature2", from: "feature")
            try await commitOnMain(repo, "other.txt", "o\n")
            let main = try await repo.resolveCommit("main"), feature = try await repo.resolveCommit("feature")
            let check = try await repo.checkMerge(source: "feature", target: "main")
            #expect(check.mergeable && !check.canFastForward && check.conflictingFiles.isEmpty)
            let merged = try await repo.merge(
                MergeRequest(source: "feature", target: "main", mode: .mergeCommit, message: "Merge feature", author: tester),
                pusher: nil)
            let commit = try await repo.commit(merged.sha)
            #expect(commit.parents == [main, feature] && commit.message == "Merge feature")
            #expect(try await repo.fileExists(at: "main", path: "feature.txt"))
            #expect(try await repo.fileExists(at: "main", path: "other.txt"))
            #expect(merged.events[0].before == main && merged.events[0].after == merged.sha)
            await #expect(throws: SlipwayError.self) {  // already merged
                try await repo.merge(MergeRequest(source: "feature", target: "main", mode: .mergeCommit, message: "again", author: tester), pusher: nil)
            }

            // Squash feature2 (same content) onto a fresh branch from the old main.
            try await repo.createBranch("release", from: main)
            let squashed = try await repo.merge(
                MergeRequest(source: "feature2", target: "release", mode: .squash, message: "Squash feature", author: tester),
                pusher: nil)
            let sc = try await repo.commit(squashed.sha)
            #expect(sc.parents == [main] && sc.message == "Squash feature")
            #expect(try await repo.blob(at: "release", path: "feature.txt").content == Array("2\n".utf8))
        }
    }

    @Test func conflictReportsFilesAndChangesNothing() async throws {
        try await withRepository { _, repo, _ in
            try await diverged(repo)
            try await commitOnMain(repo, "feature.txt", "main's own\n")
            let main = try await repo.resolveCommit("main"), feature = try await repo.resolveCommit("feature")
            let refsBefore = try await repo.branches()
            let check = try await repo.checkMerge(source: "feature", target: "main")
            #expect(!check.mergeable && check.conflictingFiles == ["feature.txt"] && check.mergedTree == nil)
            await #expect(throws: SlipwayError.conflict("merge conflict in: feature.txt")) {
                try await repo.merge(
                    MergeRequest(source: "feature", target: "main", mode: .mergeCommit, message: "m", author: tester),
                    pusher: nil)
            }
            #expect(try await repo.branches() == refsBefore)
            let mainNow = try await repo.resolveCommit("main"), featureNow = try await repo.resolveCommit("feature")
            #expect(mainNow == main && featureNow == feature)
        }
    }

    @Test func compareForMergeRequest() async throws {
        try await withRepository { _, repo, _ in
            try await diverged(repo)
            try await commitOnMain(repo, "other.txt", "o\n")
            let cmp = try await repo.compare(base: "main", head: "feature")
            #expect(cmp.commits.map(\.subject) == ["feature 2", "feature 1"])
            #expect(cmp.files.map(\.path) == ["feature.txt"] && cmp.files[0].status == .added)
            #expect(cmp.stats.additions == 1)
            let ab = try await repo.aheadBehind(base: "main", head: "feature")
            #expect(ab.ahead == 2 && ab.behind == 1)
            let expectedBase = try await repo.resolveCommit("main~1")
            #expect(try await repo.mergeBase("main", "feature") == expectedBase)
        }
    }
}
