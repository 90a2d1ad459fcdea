import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayServices
import Testing

/// The hosting services called directly, as a second front (a web UI) would: the same rules
/// as the CODING wire, and the same events on the bus.
@Suite("Hosting services without the CODING wire")
struct HostingServiceTests {
    /// A commit on a new branch `branch`, pushed, and a merge request from it into master;
    /// returns its number, the depot and the admin (who acts through the service).
    static func openRequest(from branch: String, in w: Workspace) async throws -> (iid: Int64, depot: Depot, admin: User) {
        try await runGit(["checkout", "-q", "-b", branch], in: w.dir)
        try await w.commit(branch + ".txt", branch + "\n", "add " + branch)
        try await runGit(["push", "-q", "origin", branch], in: w.dir)
        let iid = try await w.openMR(branch)
        let depot = try #require(try await w.h.store.depots.get(id: w.depotID))
        let admin = try #require(try await w.h.store.users.find(account: "admin"))
        return (iid, depot, admin)
    }

    @Test(arguments: CodingStoreKind.enabled)
    func mergeEnforcesProtectionAndPublishes(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let carol = try await w.addMember("carol")
                try await w.requireOneApprovalOnMaster()
                let (iid, depot, admin) = try await Self.openRequest(from: "feature", in: w)
                let hosting = HostingService(h.context)
                let masterBefore = try await w.remote("refs/heads/master")
                let pushesBefore = await h.pushes.pushes.count

                // Without the required approval the service refuses, merges nothing, publishes nothing.
                let open = try #require(try await h.store.mergeRequests.get(depotID: w.depotID, iid: iid))
                await #expect(
                    throws: SlipwayError.failedPrecondition(
                        "branch master requires 1 approvals, the merge request has 0")
                ) {
                    _ = try await hosting.merge(open, in: depot, by: admin, options: MergeOptions(message: "m"))
                }
                #expect(try await w.remote("refs/heads/master") == masterBefore)
                #expect(await h.pushes.pushes.count == pushesBefore)
                // Opening it over the wire published its creation; the refusal added nothing.
                #expect(await h.events.mergeRequestChanges.map(\.action) == [.create])

                // Approved by a developer, it merges, deletes the source branch and publishes it all.
                #expect(try await w.action("CreateMergeRequestGrant", #""MergeId":\#(iid)"#, token: carol)["Error"].isNull)
                let merged = try await hosting.merge(
                    open, in: depot, by: admin, options: MergeOptions(message: "m", deleteSourceBranch: true))
                #expect(merged.state == .merged)
                #expect(try await w.remote("refs/heads/master") == merged.mergeCommitSHA)
                #expect(try await w.remote("refs/heads/feature") == nil)
                let pushed = await h.pushes.pushes.dropFirst(pushesBefore).map(\.event.ref)
                #expect(pushed == ["refs/heads/master", "refs/heads/feature"])
                let changes = await h.events.mergeRequestChanges
                // The developer's approval is a merge-request change too.
                #expect(changes.map(\.iid) == [iid, iid, iid] && changes.map(\.action) == [.create, .grant, .merge])
                // The state and its log entry were stored together.
                let stored = try #require(try await h.store.mergeRequests.get(depotID: w.depotID, iid: iid))
                #expect(stored.state == .merged && stored.mergeCommitSHA == merged.mergeCommitSHA)
                let log = try await h.store.mergeRequests.events(mergeRequestID: open.id)
                #expect(log.filter { $0.action == .merge }.map(\.detail) == [merged.mergeCommitSHA])

                // A second merge of the same (stale) request is refused and publishes nothing more.
                await #expect(throws: (any Error).self) {
                    _ = try await hosting.merge(open, in: depot, by: admin, options: MergeOptions())
                }
                #expect(await h.events.mergeRequestChanges.count == 3)
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func closePublishesOnceAndLogsTheRefusal(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let (iid, depot, admin) = try await Self.openRequest(from: "topic", in: w)
                let hosting = HostingService(h.context)
                let open = try #require(try await h.store.mergeRequests.get(depotID: w.depotID, iid: iid))

                let closed = try await hosting.close(open, in: depot, by: admin)
                #expect(closed.state == .closed && closed.actorUID == admin.uid)
                #expect(closed.sourceSHA == (try await w.remote("refs/heads/topic")))
                let changes = await h.events.mergeRequestChanges
                #expect(changes.map(\.iid) == [iid, iid] && changes.map(\.action) == [.create, .refuse])
                let log = try await h.store.mergeRequests.events(mergeRequestID: open.id)
                #expect(log.filter { $0.action == .refuse }.count == 1)
                // Closing the stale copy again is refused: the state moved, and nothing is logged twice.
                await #expect(throws: SlipwayError.self) { _ = try await hosting.close(open, in: depot, by: admin) }
                #expect(try await h.store.mergeRequests.events(mergeRequestID: open.id).filter { $0.action == .refuse }.count == 1)
                #expect(await h.events.mergeRequestChanges.count == 2)
                // The wire answers from the same state.
                let described = try await w.action("DescribeMergeRequest", #""MergeId":\#(iid)"#)
                #expect(described["MergeRequestInfo"]["Status"].string == "REFUSED", "\(described)")
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func failedDepotCreationLeavesNoRowAndNoDirectory(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            _ = try await h.makeProject("alpha")
            let hosting = HostingService(h.context)
            let admin = try #require(try await h.store.users.find(account: "admin"))
            let layout = h.context.depots
            let broken = Depot(projectKey: "alpha", name: "broken", createdBy: admin.account)

            // The repository build fails after the row reserved the name: both are gone afterwards.
            let badSeed = DepotSeed.files([InitialFile(path: "../escape", content: "x\n")], message: "first")
            await #expect(throws: SlipwayError.self) {
                _ = try await hosting.createDepot(broken, defaultBranch: "master", seed: badSeed, author: admin.gitIdentity)
            }
            #expect(try await h.store.depots.get(projectKey: "alpha", name: "broken") == nil)
            #expect(!layout.git.exists(try layout.path(projectKey: "alpha", depotName: "broken")))
            #expect(!FileManager.default.fileExists(atPath: try layout.projectDirectory("alpha") + "/broken.git"))

            // The name is free again: the same call with a good seed makes the row and the repository.
            let made = try await hosting.createDepot(
                broken, defaultBranch: "master",
                seed: .files([InitialFile(path: "README.md", content: "hi\n")], message: "first"), author: admin.gitIdentity)
            #expect(try await h.store.depots.get(id: made.id)?.name == "broken")
            #expect(try await layout.repository(made).branch("master").name == "master")

            // A directory this call did not create (left over on disk) is not deleted; the row is.
            let orphan = try layout.path(projectKey: "alpha", depotName: "orphan")
            try await layout.git.create(orphan, defaultBranch: "master")
            let orphanDepot = Depot(projectKey: "alpha", name: "orphan", createdBy: admin.account)
            await #expect(throws: SlipwayError.self) {
                _ = try await hosting.createDepot(orphanDepot, defaultBranch: "master", author: admin.gitIdentity)
            }
            #expect(try await h.store.depots.get(projectKey: "alpha", name: "orphan") == nil)
            #expect(layout.git.exists(orphan))

            // A rename onto that leftover directory cannot move the repository: the row keeps its name.
            await #expect(throws: SlipwayError.self) { _ = try await hosting.renameDepot(made, to: "orphan") }
            #expect(try await h.store.depots.get(id: made.id)?.name == "broken")
            #expect(layout.git.exists(try layout.path(made)))
            let renamed = try await hosting.renameDepot(made, to: "fixed")
            #expect(try await h.store.depots.get(id: made.id)?.name == "fixed")
            let (newPath, oldPath) = (try layout.path(renamed), try layout.path(made))
            #expect(layout.git.exists(newPath) && !layout.git.exists(oldPath))
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func templateFromAnEmptyDepotIsRefusedBeforeAnythingIsStored(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let project = try await h.makeProject("alpha")
            let empty = try await h.makeDepot(project, "empty")
            let reply = try await h.action(
                "CreateDepotByTemplate", #"{"ProjectId":\#(project),"DepotName":"copy","Template":"\#(empty)"}"#)
            #expect(reply.response["Error"]["Code"].string == "InvalidParameterValue", "\(reply.text)")
            #expect(reply.response["Error"]["Message"].string?.contains("has no commits") == true, "\(reply.text)")
            #expect(try await h.store.depots.get(projectKey: "alpha", name: "copy") == nil)
            #expect(!h.context.depots.git.exists(try h.context.depots.path(projectKey: "alpha", depotName: "copy")))
        }
    }
}
