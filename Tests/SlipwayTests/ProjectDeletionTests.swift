import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayStore
import Testing

/// Issue 11 point 2: one delete path for projects and depots, whichever dialect calls it.
@Suite struct ProjectDeletionTests {
    /// The same project built twice, deleted once through CODING's `DeleteOneProject` and once
    /// through Zadig's `DELETE /openapi/projects/project`: afterwards no row of either is left in
    /// any table (found from the schema's cascading foreign keys, not from a list), no repository
    /// is left on disk, and their running and waiting tasks ended cancelled. A third project is
    /// untouched.
    @Test(arguments: StoreKind.enabled)
    func codingAndZadigDeleteTheSameThings(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let ends = TaskEnds()
            await app.engine.addObserver(ends)
            let viaCoding = try await ProjectFixture.build("via-coding", app, running: true)
            let viaZadig = try await ProjectFixture.build("via-zadig", app, running: true)
            let bystander = try await ProjectFixture.build("bystander", app, running: false)
            var owned: [String: OwnedRows] = [:]
            var before: [String: [String: Int]] = [:]
            for fixture in [viaCoding, viaZadig, bystander] {
                owned[fixture.key] = try await OwnedRows.of(project: fixture.key, app.store.sql)
                before[fixture.key] = try await owned[fixture.key]!.counts(app.store.sql)
                #expect(FileManager.default.fileExists(atPath: fixture.directory(app)))
                #expect(FileManager.default.fileExists(atPath: fixture.wikiDirectory(app)))
            }
            #expect(before["via-coding"] == before["via-zadig"], "both projects hold the same rows")
            let schema = try await SchemaCatalog.read(app.store.sql)
            // The tables a project owns: reachable from `projects` through cascading foreign keys
            // (tables cascading from other owners, such as a user's sessions, are not its).
            var ownedTables: Set<String> = ["projects"]
            while true {
                let next = ownedTables.union(schema.foreignKeys.filter { $0.cascades && ownedTables.contains($0.parent) }.map(\.table))
                if next == ownedTables { break }
                ownedTables = next
            }
            #expect(
                ownedTables.subtracting((before["via-coding"] ?? [:]).keys).sorted() == [],
                "the fixture puts rows in every table a project owns")

            #expect(await app.engine.load == (running: 2, waiting: 2), "each doomed project has a running and a waiting task")

            let coding = try await app.call(
                .post, "/open-api?Action=DeleteOneProject", auth: .codingToken(app.adminToken),
                body: #"{"ProjectId":\#(viaCoding.codingID)}"#)
            #expect(coding.status == .ok && coding.json["Response"]["Error"].exists == false, "\(coding.text)")
            let zadig = try await app.call(.delete, "/openapi/projects/project?projectKey=via-zadig&isDelete=true")
            #expect(zadig.status == .ok, "\(zadig.text)")

            for fixture in [viaCoding, viaZadig] {
                #expect(try await owned[fixture.key]!.counts(app.store.sql) == [:], "rows of \(fixture.key) left behind")
                #expect(!FileManager.default.fileExists(atPath: fixture.directory(app)), "repositories of \(fixture.key) left on disk")
                #expect(!FileManager.default.fileExists(atPath: fixture.wikiDirectory(app)), "the wiki of \(fixture.key) left on disk")
                #expect(try await ends.end(fixture.slowWorkflow, 1) == .cancelled, "the running task of \(fixture.key)")
                // A waiting task leaves the queue without having run (or, had it just started, is cancelled too).
                #expect([nil, .cancelled].contains(await ends.event(fixture.slowWorkflow, 2)), "the waiting task of \(fixture.key)")
            }
            #expect(try await Self.idle(app.engine), "nothing of the deleted projects runs or waits")
            #expect(try await owned["bystander"]!.counts(app.store.sql) == before["bystander"]!, "another project is untouched")
            #expect(FileManager.default.fileExists(atPath: bystander.directory(app) + "/svc.git"))
        }
    }

    /// True once the engine neither runs nor queues anything (within `seconds`).
    static func idle(_ engine: Engine, seconds: Double = 20) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await engine.load == (running: 0, waiting: 0) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// CODING's `DeleteGitDepot` removes the Serverless Devs applications bound to the depot,
    /// with their dispatches and the workflows they run as; the project and its other workflows stay.
    @Test(arguments: StoreKind.enabled)
    func deletingADepotRemovesItsApplications(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let fixture = try await ProjectFixture.build("hosting", app, running: false)
            #expect(try await app.store.serverlessApps.dispatches(appID: fixture.appID).count == 1)
            #expect(try await app.store.workflows.get(key: fixture.appWorkflow) != nil)

            let deleted = try await app.call(
                .post, "/open-api?Action=DeleteGitDepot", auth: .codingToken(app.adminToken),
                body: #"{"DepotId":\#(fixture.depotID)}"#)
            #expect(deleted.status == .ok && deleted.json["Response"]["Error"].exists == false, "\(deleted.text)")
            #expect(try await app.store.serverlessApps.get(id: fixture.appID) == nil)
            #expect(try await app.store.serverlessApps.dispatches(appID: fixture.appID).isEmpty)
            #expect(try await app.store.workflows.get(key: fixture.appWorkflow) == nil)
            #expect(try await app.store.mergeRequests.get(depotID: fixture.depotID, iid: 1) == nil)
            #expect(!FileManager.default.fileExists(atPath: fixture.directory(app) + "/svc.git"))
            let detail = try await app.call(.get, "/api/flow/application/detail?id=\(fixture.appID)", auth: .cdToken(app.adminToken))
            #expect(detail.status == .notFound, "\(detail.text)")
            #expect(try await app.store.projects.get(key: "hosting") != nil)
            #expect(try await app.store.workflows.get(key: "hosting-quick") != nil)

            let again = try await app.call(
                .post, "/open-api?Action=DeleteGitDepot", auth: .codingToken(app.adminToken),
                body: #"{"DepotId":\#(fixture.depotID)}"#)
            #expect(again.status == .ok && again.json["Response"]["Error"]["Code"].string != nil, "\(again.text)")
        }
    }
}
