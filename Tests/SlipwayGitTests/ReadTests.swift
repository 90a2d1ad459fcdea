import Foundation
import SlipwayCore
import Testing

@testable import SlipwayGit

@Suite struct ReadTests {
    @Test func logDiffTreeBlobBlameSearchNotes() async throws {
        try await withRepository { _, repo, _ in
            let first = try await repo.resolveCommit("main")
            let other = GitIdentity(name: "Olga Other", email: "olga@example.com")
            let c2 = try await repo.createCommit(
                CommitRequest(
                    branch: "main", message: "Add sources", author: other,
                    actions: [
                        .create(path: "src/a.txt", content: .text("alpha\nBeta\ngamma\n")),
                        .create(path: "img.bin", content: .data(Data([0, 1, 2, 0, 255]))),
                    ]),
                pusher: nil)
            let c3 = try await repo.createCommit(
                CommitRequest(
                    branch: "main", message: "Edit and rename", author: tester,
                    actions: [
                        .update(path: "src/a.txt", content: .text("alpha\nBETA two\ngamma\n")),
                        .move(from: "README.md", to: "docs/README.md"),
                    ]),
                pusher: nil)

            let all = try await repo.log(LogQuery(revision: "main"))
            #expect(all.map(\.subject) == ["Edit and rename", "Add sources", "Initial commit"])
            #expect(try await repo.log(LogQuery(skip: 1, limit: 1)).map(\.sha) == [c2.commit.sha])
            #expect(try await repo.log(LogQuery(path: "src")).count == 2)
            #expect(try await repo.log(LogQuery(author: "olga")).map(\.sha) == [c2.commit.sha])
            #expect(try await repo.log(LogQuery(keyword: "RENAME")).map(\.sha) == [c3.commit.sha])

            let detail = try await repo.commitDetail(c3.commit.sha)
            #expect(detail.commit.parents == [c2.commit.sha] && detail.commit.author.time > 0)
            let byPath = Dictionary(uniqueKeysWithValues: detail.files.map { ($0.path, $0) })
            #expect(byPath["src/a.txt"]?.status == .modified && byPath["src/a.txt"]?.additions == 1)
            #expect(byPath["src/a.txt"]?.patch.contains("+BETA two") == true)
            #expect(byPath["docs/README.md"]?.status == .renamed && byPath["docs/README.md"]?.oldPath == "README.md")
            let d2 = try await repo.diff(from: first, to: c2.commit.sha)
            #expect(d2.first { $0.path == "img.bin" }?.isBinary == true)
            #expect(detail.stats.filesChanged == 2)

            let root = try await repo.tree(at: "main")
            #expect(root.map(\.name) == ["docs", "img.bin", "src"])
            #expect(root[1].type == .blob && root[1].size == 5 && root[0].type == .tree)
            let src = try await repo.tree(at: "main", path: "src")
            #expect(src.map(\.path) == ["src/a.txt"] && src[0].mode == "100644")
            await #expect(throws: SlipwayError.self) { try await repo.tree(at: "main", path: "nope") }

            let bin = try await repo.blob(at: "main", path: "img.bin")
            #expect(bin.isBinary && bin.size == 5)
            let capped = try await repo.blob(at: "main", path: "src/a.txt", maxBytes: 3)
            #expect(capped.content == nil && capped.size == 21)
            #expect(try await repo.fileExists(at: "main", path: "docs/README.md"))
            #expect(!(try await repo.fileExists(at: "main", path: "README.md")))

            let blame = try await repo.blame(at: "main", path: "src/a.txt")
            #expect(blame.map(\.text) == ["alpha", "BETA two", "gamma"])
            #expect(blame[0].commitSHA == c2.commit.sha && blame[0].author.name == "Olga Other")
            #expect(blame[1].commitSHA == c3.commit.sha && blame[1].author.email == "tess@example.com")

            let hits = try await repo.search("beta", at: "main")
            #expect(hits == [SearchMatch(path: "src/a.txt", lineNumber: 2, text: "BETA two")])
            #expect(try await repo.search("beta", at: "main", ignoreCase: false).isEmpty)
            #expect(try await repo.search("--upload-pack", at: "main").isEmpty)

            #expect(try await repo.note(for: "main") == nil)
            try await repo.addNote(to: "main", message: "deployed to prod", author: tester)
            #expect(try await repo.note(for: "main") == "deployed to prod")
        }
    }
}
