import Foundation
import SlipwayCore
import Testing

@testable import SlipwayGit

@Suite struct StorageTests {
    @Test func createMoveDelete() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let repos = try GitRepositories(root: dir.path)
        let path = try RepositoryPath("team/proj/depot")
        let repo = try await repos.create(path, defaultBranch: "trunk")
        #expect(repos.exists(path))
        #expect(try await repo.isEmpty())
        #expect(try await repo.defaultBranch() == "trunk")
        await #expect(throws: SlipwayError.conflict("repository team/proj/depot already exists")) {
            try await repos.create(path)
        }
        #expect(try repos.diskSize(path) > 0)
        let moved = try repos.move(path, to: RepositoryPath("team/other"))
        #expect(!repos.exists(path) && repos.exists(moved.path))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/team/proj"))
        try repos.delete(moved.path)
        #expect(!repos.exists(moved.path))
        #expect(throws: SlipwayError.self) { try repos.repository(moved.path) }
    }

    @Test func createWithReadme() async throws {
        try await withRepository { _, repo, _ in
            let branches = try await repo.branches()
            #expect(branches.map(\.name) == ["main"])
            #expect(branches[0].isDefault)
            let blob = try await repo.blob(at: "main", path: "README.md")
            #expect(blob.content.map { String(decoding: $0, as: UTF8.self) } == "# Demo\n")
            #expect(try await repo.commit("main").author.name == "Tess Ter")
        }
    }
}
