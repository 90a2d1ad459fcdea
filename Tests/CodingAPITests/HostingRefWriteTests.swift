import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import Synchronization
import Testing

/// `HostingService.changeRefs`, the one operation behind every ref the server writes for a
/// caller (branch and tag actions, API commits, cherry-pick, revert, rebase, releases), called
/// directly as a second front would.
@Suite("Hosting ref writes without the CODING wire")
struct HostingRefWriteTests {
    @Test(arguments: CodingStoreKind.enabled)
    func refusedWritesRunNothingAndAcceptedOnesArePublished(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                try await runGit(["checkout", "-q", "-b", "frozen"], in: w.dir)
                try await w.commit("f.txt", "f\n", "frozen work")
                try await runGit(["push", "-q", "origin", "frozen"], in: w.dir)
                #expect(try await w.action("CreateReadOnlyRef", #""RefName":"frozen""#)["Error"].isNull)
                let depot = try #require(try await h.store.depots.get(id: w.depotID))
                let admin = try #require(try await h.store.users.find(account: "admin"))
                let hosting = HostingService(h.context)
                let pushesBefore = await h.pushes.pushes.count
                let ran = Mutex(false)

                // The policy refuses before the change runs; nothing moves, nothing is published.
                await #expect(throws: SlipwayError.self) {
                    try await hosting.changeRefs(in: depot, by: admin, checking: [.branch("frozen", isDelete: true)]) { repo in
                        ran.withLock { $0 = true }
                        return [try await repo.deleteBranch("frozen", pusher: admin.pusher)]
                    }
                }
                #expect(ran.withLock { $0 } == false)
                #expect(try await w.remote("refs/heads/frozen") != nil)
                #expect(await h.pushes.pushes.count == pushesBefore)

                // An accepted change is made, recorded and published as a push.
                let sha = try await hosting.changeRefs(in: depot, by: admin, checking: [.branch("fresh")]) { repo in
                    let branch = try await repo.createBranch("fresh", from: "frozen")
                    return (branch.sha, [HostingService.created(.branch("fresh"), at: branch.sha, in: repo, by: admin.pusher)])
                }
                #expect(try await w.remote("refs/heads/fresh") == sha)
                let pushed = await h.pushes.pushes.dropFirst(pushesBefore).map(\.event)
                #expect(pushed.map(\.ref) == ["refs/heads/fresh"] && pushed.allSatisfy(\.created))
            }
        }
    }
}
