import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 12 point 2: migration 42 on a store that already holds merge requests. Each depot's
/// counter is made from its rows (last number, count per state), a state no version writes
/// becomes `open`, a depot without requests gets its counter with its first one, and lists
/// and new numbers go on from there.
@Suite struct MergeRequestCountMigrationTests {
    @Test(arguments: StoreKind.enabled)
    func existingRequestsAreCounted(kind: StoreKind) async throws {
        try await withEmptyDatabase(kind) { database in
            let logger = Logger(label: "migration-42")
            let sql = try await database.openSQL(logger: logger)
            let box = try SecretBox(base64: SecretBox.generateKey())
            do {
                try await Migrator.migrate(sql, logger: logger, secrets: box, upTo: 41)
                let early = Store(sql: sql, secrets: box)
                try await early.users.create(User(uid: "u", account: "u", name: "U", isAdmin: true))
                try await early.projects.create(Project(key: "p", name: "P", createdBy: "u"), creatorUID: "u")
                let busy = try await early.depots.create(Depot(projectKey: "p", name: "busy", createdBy: "u"))
                let gappy = try await early.depots.create(Depot(projectKey: "p", name: "gappy", createdBy: "u"))
                let empty = try await early.depots.create(Depot(projectKey: "p", name: "empty", createdBy: "u"))
                try await sql.write { db in
                    let busyStates = ["open", "merged", "closed", "open", "merged", "open", "closed", "merged", "open", "reviewing"]
                    for (n, state) in busyStates.enumerated() { try await Self.insert(busy.id, iid: n + 1, state: state, db) }
                    for (iid, state) in [(1, "open"), (2, "merged"), (5, "open")] { try await Self.insert(gappy.id, iid: iid, state: state, db) }
                }
                try await Migrator.migrate(sql, logger: logger, secrets: box)
                let store = Store(sql: sql, secrets: box)

                #expect(try await store.mergeRequests.counts(depotID: busy.id) == MergeRequestCounts(lastIID: 10, open: 5, merged: 3, closed: 2))
                #expect(try await store.mergeRequests.counts(depotID: gappy.id) == MergeRequestCounts(lastIID: 5, open: 2, merged: 1, closed: 0))
                #expect(try await store.mergeRequests.counts(depotID: empty.id) == MergeRequestCounts())

                let page2 = try await store.mergeRequests.list(MergeRequestFilter(depotIDs: [busy.id]), page: 2, pageSize: 4)
                #expect(page2.total == 10 && page2.rows.map(\.iid) == [6, 5, 4, 3])
                var open = MergeRequestFilter(depotIDs: [busy.id])
                open.states = [.open]
                let opened = try await store.mergeRequests.list(open, page: 1, pageSize: 10)
                #expect(opened.total == 5 && opened.rows.map(\.iid) == [10, 9, 6, 4, 1], "`reviewing` is read and now stored as open")
                var done = MergeRequestFilter(depotIDs: [busy.id])
                done.states = [.merged, .closed]
                #expect(try await store.mergeRequests.list(done, page: 2, pageSize: 3).rows.map(\.iid) == [3, 2])
                let gaps = try await store.mergeRequests.list(MergeRequestFilter(depotIDs: [gappy.id]), page: 1, pageSize: 2)
                #expect(gaps.total == 3 && gaps.rows.map(\.iid) == [5, 2])

                let next = try await store.mergeRequests.create(Self.request(gappy.id, title: "next"), reviewerUIDs: [])
                #expect(next.iid == 6, "numbers go on after the last stored one")
                let first = try await store.mergeRequests.create(Self.request(empty.id, title: "first"), reviewerUIDs: [])
                #expect(first.iid == 1)
                #expect(try await store.mergeRequests.counts(depotID: empty.id) == MergeRequestCounts(lastIID: 1, open: 1))
                var project = MergeRequestFilter()
                project.projectKeys = ["p"]
                #expect(try await store.mergeRequests.list(project, page: 1, pageSize: 1).total == 15)
            } catch {
                await sql.close()
                throw error
            }
            await sql.close()
        }
    }

    static func request(_ depotID: Int64, title: String) -> DepotMergeRequest {
        DepotMergeRequest(depotID: depotID, projectKey: "p", title: title, description: "", sourceBranch: "s", targetBranch: "t", authorUID: "u")
    }

    /// A request row as an older version stored it.
    static func insert(_ depotID: Int64, iid: Int, state: String, _ db: any SQLDatabase) async throws {
        try await db.insert(into: "merge_requests")
            .columns(
                "depot_id", "iid", "project_key", "title", "description", "source_branch", "target_branch", "state", "author_uid",
                "actor_uid", "source_sha", "target_sha", "base_sha", "merge_commit_sha", "created_at", "updated_at", "action_at"
            )
            .values(
                SQLBind(depotID), SQLBind(iid), SQLBind("p"), SQLBind("t\(iid)"), SQLBind(""), SQLBind("s\(iid)"), SQLBind("master"),
                SQLBind(state), SQLBind("u"), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(1_000 + iid),
                SQLBind(1_000 + iid), SQLBind(0)
            )
            .run()
    }
}
