import Foundation
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 12 point 2 for merge requests: a depot's or a project's list takes its total from the
/// depot counters (kept with every create and state change), and page N is one range of the
/// depot's numbers while they are dense, the ids of the page from an index otherwise.
@Suite struct MergeRequestListTests {
    /// Project `p` with depot `name`, and `count` requests in it numbered 1…count (titles `t<n>`,
    /// created at 1000+n). Returns the depot id.
    @discardableResult
    static func seed(_ store: Store, count: Int, depot name: String = "d", project: String = "p") async throws -> Int64 {
        if try await store.users.find(uid: "u") == nil {
            try await store.users.create(User(uid: "u", account: "u", name: "U", isAdmin: true))
        }
        if try await store.projects.get(key: project) == nil {
            try await store.projects.create(Project(key: project, name: project, createdBy: "u"), creatorUID: "u")
        }
        let depot = try await store.depots.create(Depot(projectKey: project, name: name, createdBy: "u"))
        try await add(store, count, to: depot.id, project: project)
        return depot.id
    }

    static func add(_ store: Store, _ count: Int, to depotID: Int64, project: String = "p") async throws {
        let start = try await store.mergeRequests.counts(depotID: depotID).lastIID
        for n in 0..<count {
            let iid = start + Int64(n) + 1
            _ = try await store.mergeRequests.create(
                DepotMergeRequest(
                    depotID: depotID, projectKey: project, title: "t\(iid)", description: "", sourceBranch: "s\(iid)",
                    targetBranch: "master", authorUID: "u", createdAt: 1_000 + iid, updatedAt: 1_000 + iid),
                reviewerUIDs: [])
        }
    }

    /// Merges (or closes) request `iid` of the depot the way the hosting service does.
    static func finish(_ store: Store, _ depotID: Int64, _ iid: Int64, as state: DepotMergeRequest.State, at time: Int64 = 5_000) async throws {
        var request = try #require(try await store.mergeRequests.get(depotID: depotID, iid: iid))
        request.state = state
        request.actionAt = time + iid
        let changed = try await store.mergeRequests.transition(
            request, expecting: .open,
            event: MergeRequestEvent(mergeRequestID: request.id, action: state == .merged ? .merge : .refuse, actorUID: "u"))
        #expect(changed)
    }

    /// Every page of `size` of a filter, walked from page 1 to the first empty one.
    static func pages(_ store: Store, _ filter: MergeRequestFilter, size: Int) async throws -> (iids: [[Int64]], totals: Set<Int>) {
        var iids: [[Int64]] = [], totals: Set<Int> = []
        for number in 1... {
            let page = try await store.mergeRequests.list(filter, page: number, pageSize: size)
            totals.insert(page.total)
            if page.rows.isEmpty { break }
            iids.append(page.rows.map(\.iid))
        }
        return (iids, totals)
    }

    static func depot(_ id: Int64, _ states: [DepotMergeRequest.State] = [], ascending: Bool = false) -> MergeRequestFilter {
        var filter = MergeRequestFilter(depotIDs: [id])
        filter.states = states
        filter.ascending = ascending
        return filter
    }

    @Test(arguments: StoreKind.enabled)
    func everyPageHoldsTheRightRequestsNewestFirst(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let id = try await Self.seed(store, count: 23)
            try await Self.seed(store, count: 4, depot: "other")
            let walked = try await Self.pages(store, Self.depot(id), size: 5)
            #expect(walked.iids == [[23, 22, 21, 20, 19], [18, 17, 16, 15, 14], [13, 12, 11, 10, 9], [8, 7, 6, 5, 4], [3, 2, 1]])
            #expect(walked.totals == [23])
            let up = try await Self.pages(store, Self.depot(id, ascending: true), size: 10)
            #expect(up.iids == [Array(1...10), Array(11...20), [21, 22, 23]] && up.totals == [23])
            let first = try #require(try await store.mergeRequests.list(Self.depot(id), page: 3, pageSize: 5).rows.first)
            #expect(first.title == "t13" && first.sourceBranch == "s13" && first.createdAt == 1_013 && first.state == .open && first.depotID == id)
            let far = try await store.mergeRequests.list(Self.depot(id), page: Int(Int32.max), pageSize: 500)
            #expect(far.rows.isEmpty && far.total == 23)
            let overflow = try await store.mergeRequests.list(Self.depot(id), page: Int.max, pageSize: 500)
            #expect(overflow.rows.isEmpty && overflow.total == 23)
            let none = try await store.mergeRequests.list(Self.depot(999_999), page: 1, pageSize: 5)
            #expect(none.rows.isEmpty && none.total == 0)
        }
    }

    /// Totals by state follow creates and every transition, and the pages of each state hold
    /// its requests newest first, past page 1.
    @Test(arguments: StoreKind.enabled)
    func totalsFollowCreatesAndTransitions(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let id = try await Self.seed(store, count: 12)
            for iid: Int64 in [2, 5, 9, 11] { try await Self.finish(store, id, iid, as: .merged) }
            for iid: Int64 in [3, 10] { try await Self.finish(store, id, iid, as: .closed) }
            #expect(try await store.mergeRequests.counts(depotID: id) == MergeRequestCounts(lastIID: 12, open: 6, merged: 4, closed: 2))
            let open = try await Self.pages(store, Self.depot(id, [.open]), size: 4)
            #expect(open.iids == [[12, 8, 7, 6], [4, 1]] && open.totals == [6])
            let done = try await Self.pages(store, Self.depot(id, [.merged, .closed]), size: 4)
            #expect(done.iids == [[11, 10, 9, 5], [3, 2]] && done.totals == [6])
            let merged = try await Self.pages(store, Self.depot(id, [.merged]), size: 3)
            #expect(merged.iids == [[11, 9, 5], [2]] && merged.totals == [4])
            let mergedUp = try await Self.pages(store, Self.depot(id, [.merged], ascending: true), size: 3)
            #expect(mergedUp.iids == [[2, 5, 9], [11]])
            #expect(try await Self.pages(store, Self.depot(id, [.open, .closed]), size: 5).iids == [[12, 10, 8, 7, 6], [4, 3, 1]])
            #expect(try await Self.pages(store, Self.depot(id), size: 5).totals == [12])

            // A transition that lost (the state moved meanwhile) changes no count.
            var stale = try #require(try await store.mergeRequests.get(depotID: id, iid: 2))
            stale.state = .closed
            #expect(try await !store.mergeRequests.transition(stale, expecting: .open, event: .init(mergeRequestID: stale.id, action: .refuse, actorUID: "u")))
            // An edit that keeps the state keeps the counts; one that reopens moves it back.
            var edited = try #require(try await store.mergeRequests.get(depotID: id, iid: 12))
            edited.title = "renamed"
            #expect(try await store.mergeRequests.update(edited))
            var reopened = try #require(try await store.mergeRequests.get(depotID: id, iid: 3))
            reopened.state = .open
            #expect(try await !store.mergeRequests.update(reopened, expecting: .merged), "it was closed, not merged")
            #expect(try await store.mergeRequests.update(reopened, expecting: .closed))
            #expect(try await store.mergeRequests.counts(depotID: id) == MergeRequestCounts(lastIID: 12, open: 7, merged: 4, closed: 1))
            #expect(try await Self.pages(store, Self.depot(id, [.open]), size: 10).iids == [[12, 8, 7, 6, 4, 3, 1]])
            #expect(try await store.mergeRequests.list(Self.depot(id, [.closed]), page: 1, pageSize: 5).rows.map(\.iid) == [10])

            try await Self.add(store, 2, to: id)
            #expect(try await store.mergeRequests.counts(depotID: id) == MergeRequestCounts(lastIID: 14, open: 9, merged: 4, closed: 1))
            #expect(try await store.mergeRequests.list(Self.depot(id, [.open]), page: 1, pageSize: 2).rows.map(\.title) == ["t14", "t13"])
        }
    }

    /// A depot whose numbers have gaps (a row removed by hand) pages through the index, still
    /// exact; deleting the depot takes its counter with it.
    @Test(arguments: StoreKind.enabled)
    func gapsInTheNumbersStillPageCorrectlyAndTheCounterGoesWithTheDepot(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let id = try await Self.seed(store, count: 10)
            try await store.sql.write { db in
                try await db.raw("DELETE FROM merge_requests WHERE depot_id = \(bind: id) AND iid IN (4, 7)").run()
                try await db.raw("UPDATE merge_request_counts SET open_count = open_count - 2 WHERE depot_id = \(bind: id)").run()
            }
            let walked = try await Self.pages(store, Self.depot(id), size: 3)
            #expect(walked.iids == [[10, 9, 8], [6, 5, 3], [2, 1]] && walked.totals == [8])
            #expect(try await Self.pages(store, Self.depot(id, ascending: true), size: 3).iids == [[1, 2, 3], [5, 6, 8], [9, 10]])
            try await Self.add(store, 1, to: id)
            #expect(try await store.mergeRequests.list(Self.depot(id), page: 1, pageSize: 2).rows.map(\.iid) == [11, 10])

            try await store.depots.delete(id: id)
            let left = try await store.sql.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM merge_request_counts WHERE depot_id = \(bind: id)").first(decodingColumn: "n", as: Int.self)
            }
            #expect(left == 0)
            #expect(try await store.mergeRequests.list(Self.depot(id), page: 1, pageSize: 5).total == 0)
        }
    }

    /// A project's list spans its depots (newest first by creation), its total is the sum of
    /// their counters; other filters are counted within the depot and ordered the same way.
    @Test(arguments: StoreKind.enabled)
    func projectListsAndFilteredListsPageInTheSameOrder(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let a = try await Self.seed(store, count: 4, depot: "a")
            let b = try await Self.seed(store, count: 3, depot: "b")
            try await Self.seed(store, count: 2, depot: "elsewhere", project: "q")
            try await Self.finish(store, b, 2, as: .merged)
            var project = MergeRequestFilter()
            project.projectKeys = ["p"]
            let all = try await store.mergeRequests.list(project, page: 2, pageSize: 3)
            // Created at 1001…1004 in a, 1001…1003 in b: ties go to the later id (b's).
            #expect(all.total == 7 && all.rows.map { "\($0.depotID == a ? "a" : "b")\($0.iid)" } == ["b2", "a2", "b1"])
            project.states = [.open]
            #expect(try await store.mergeRequests.list(project, page: 1, pageSize: 10).total == 6)

            var keyword = Self.depot(a)
            keyword.keyword = "T"
            let matched = try await store.mergeRequests.list(keyword, page: 2, pageSize: 3)
            #expect(matched.total == 4 && matched.rows.map(\.iid) == [1])
            var byIID = Self.depot(a)
            byIID.iids = [1, 3]
            #expect(try await store.mergeRequests.list(byIID, page: 1, pageSize: 5).rows.map(\.iid) == [3, 1])
            #expect(try await store.mergeRequests.batch(keyword, depotID: a, afterIID: 1, limit: 2).map(\.iid) == [2, 3])
            #expect(try await store.mergeRequests.projectKeys(authorUIDs: ["u"]) == ["p", "q"])
            var byAction = Self.depot(b)
            byAction.sortByActionAt = true
            #expect(try await store.mergeRequests.list(byAction, page: 1, pageSize: 2).rows.map(\.iid) == [2, 3])
        }
    }

    /// SQLite serves a depot's pages from indexes: a dense list is one range of the number key,
    /// a list by state reads the page's ids from a covering index; no table scan, no sort. A
    /// keyword list is ordered by the number key too.
    @Test func sqlitePagesUseTheIndexes() async throws {
        try await withFreshStore(.sqlite) { store in
            let id = try await Self.seed(store, count: 30)
            for iid: Int64 in [3, 8, 20] { try await Self.finish(store, id, iid, as: .merged) }
            func plan(_ filter: MergeRequestFilter, page: Int) async throws -> [String] {
                let plan = try await store.mergeRequests.listPlan(filter, page: page, pageSize: 5)
                #expect(!plan.isEmpty && !plan.contains { $0.contains("SCAN") || $0.contains("TEMP B-TREE") }, "\(plan)")
                return plan
            }
            for page in [1, 5] {
                let dense = try await plan(Self.depot(id), page: page)
                #expect(dense.count == 1 && dense[0].contains("(depot_id=? AND iid<?)"), "\(dense)")
                let open = try await plan(Self.depot(id, [.open]), page: page)
                #expect(open.contains { $0.contains("USING COVERING INDEX merge_requests_depot_state_iid (depot_id=? AND state=?)") }, "\(open)")
                #expect(open.contains { $0.contains("USING INTEGER PRIMARY KEY (rowid=?)") }, "\(open)")
                let done = try await plan(Self.depot(id, [.merged, .closed]), page: 1)
                #expect(done.contains { $0.contains("USING COVERING INDEX merge_requests_depot_done (depot_id=?)") }, "\(done)")
            }
            var project = MergeRequestFilter()
            project.projectKeys = ["p"]
            let byProject = try await plan(project, page: 3)
            #expect(byProject.contains { $0.contains("merge_requests_project_created (project_key=?)") }, "\(byProject)")
            var keyword = Self.depot(id)
            keyword.keyword = "t1"
            let like = try await store.mergeRequests.listPlan(keyword, page: 1, pageSize: 5)
            #expect(like.contains { $0.contains("(depot_id=?)") } && !like.contains { $0.contains("TEMP B-TREE") }, "\(like)")
        }
    }
}
