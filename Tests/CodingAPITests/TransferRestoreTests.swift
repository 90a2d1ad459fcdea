import Foundation
import SlipwayCore
import SlipwayGit
import Testing

/// A depot transfer whose move on disk fails leaves the depot in its project (the hosting
/// service writes the row back), and the repository where it was.
@Suite("Depot transfer that cannot move on disk")
struct TransferRestoreTests {
    @Test(arguments: CodingStoreKind.enabled)
    func aFailedMoveOnDiskReturnsTheDepot(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let target = try await h.makeProject("beta")
                // Something already sits where the repository would go (no depot row claims it).
                let leftover = h.context.depots.git.directory(for: try h.context.depots.path(projectKey: "beta", depotName: "app"))
                try FileManager.default.createDirectory(atPath: leftover, withIntermediateDirectories: true)
                try Data("not a repository\n".utf8).write(to: URL(fileURLWithPath: leftover + "/NOTE"))

                let refused = try await w.action("ModifyGitTransfer", #""TargetProjectId":\#(target)"#)
                #expect(refused["Error"]["Code"].string != nil, "\(refused)")
                let depot = try #require(try await h.store.depots.get(id: w.depotID))
                #expect(depot.projectKey == "alpha")
                #expect(try await runGit(["ls-remote", h.cloneURL("alpha", "app", token: h.adminToken)], in: scratch, check: false).status == 0)
                #expect(FileManager.default.fileExists(atPath: leftover + "/NOTE"), "a directory the call did not create is left alone")
            }
        }
    }
}
