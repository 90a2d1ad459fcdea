import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 12 point 2 over HTTP: CODING's merge request lists page past page 1 with the right
/// rows and totals (`TotalRow`, `TotalPage`), by status, in both directions, across a
/// project's depots, for the caller's own requests, and with a filter the counters cannot
/// answer. The wire shape is what it was.
@Suite struct MergeRequestListPagingTests {
    /// Stores a request as `CreateGitMergeReq` would (numbered by the store), created at `at`.
    static func open(_ h: CodingHarness, depot: Int64, title: String, author: String, at: Int64) async throws -> DepotMergeRequest {
        let stored = try #require(try await h.store.depots.get(id: depot))
        return try await h.store.mergeRequests.create(
            DepotMergeRequest(
                depotID: depot, projectKey: stored.projectKey, title: title, description: "about \(title)", sourceBranch: "src-\(title)",
                targetBranch: "master", authorUID: author, createdAt: at, updatedAt: at),
            reviewerUIDs: [])
    }

    static func finish(_ h: CodingHarness, _ request: DepotMergeRequest, as state: DepotMergeRequest.State, by actor: String) async throws {
        var done = request
        done.state = state
        done.actorUID = actor
        done.actionAt = 9_000 + request.iid
        let event = MergeRequestEvent(mergeRequestID: request.id, action: state == .merged ? .merge : .refuse, actorUID: actor)
        #expect(try await h.store.mergeRequests.transition(done, expecting: .open, event: event))
    }

    /// `Data` of a list action, with its rows' `MergeId`s.
    static func list(_ h: CodingHarness, _ action: String, _ body: String, token: String? = nil) async throws -> (JSONValue, [Int64]) {
        let reply = try await h.action(action, body, token: token)
        #expect(reply.status == .ok, "\(reply.text)")
        let data = reply.response["Data"]
        #expect(reply.response["Error"].isNull, "\(reply.text)")
        return (data, data["List"].array.compactMap { $0["MergeId"].int })
    }

    @Test(arguments: CodingStoreKind.enabled)
    func listsPagePastTheFirstPage(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let admin = try #require(try await h.store.users.find(account: "admin"))
            let (bob, bobToken) = try await h.makeUser("bob")
            let alpha = try await h.makeProject("alpha", shared: true)
            let app = try await h.makeDepot(alpha, "app"), lib = try await h.makeDepot(alpha, "lib")
            let beta = try await h.makeProject("beta")
            let hidden = try await h.makeDepot(beta, "secret")
            var requests: [DepotMergeRequest] = []
            for n in 1...12 {
                let author = n > 10 ? bob.uid : admin.uid
                requests.append(try await Self.open(h, depot: app, title: "t\(n)", author: author, at: 1_700_000_000_000 + Int64(n) * 1_000))
            }
            for n in 1...3 { _ = try await Self.open(h, depot: lib, title: "lib\(n)", author: admin.uid, at: 1_700_000_100_000 + Int64(n)) }
            _ = try await Self.open(h, depot: hidden, title: "secret", author: bob.uid, at: 1_700_000_200_000)
            for n in [3, 5, 7] { try await Self.finish(h, requests[n - 1], as: .merged, by: admin.uid) }
            for n in [4, 8] { try await Self.finish(h, requests[n - 1], as: .closed, by: admin.uid) }

            let (page2, ids2) = try await Self.list(h, "DescribeDepotMergeRequests", #"{"DepotId":\#(app),"PageNumber":2,"PageSize":5}"#)
            #expect(ids2 == [7, 6, 5, 4, 3])
            #expect(page2["TotalRow"].int == 12 && page2["TotalPage"].int == 3 && page2["PageNumber"].int == 2 && page2["PageSize"].int == 5)
            let seven = page2["List"][0]
            #expect(seven["Title"].string == "t7" && seven["Describe"].string == "about t7" && seven["SrcBranch"].string == "src-t7")
            #expect(seven["DesBranch"].string == "master" && seven["Status"].string == "ACCEPTED" && seven["DepotId"].int == app)
            #expect(seven["Author"]["GlobalKey"].string == "admin" && seven["ActionAuthor"]["GlobalKey"].string == "admin")
            #expect(seven["CreatedAt"].int == 1_700_000_007_000 && seven["ActionAt"].int == 9_007 && seven["Id"].int == requests[6].id)
            #expect(page2["List"].array.map { $0["Status"].string } == ["ACCEPTED", "CANNOTMERGE", "ACCEPTED", "REFUSED", "ACCEPTED"])
            #expect(try await Self.list(h, "DescribeDepotMergeRequests", #"{"DepotId":\#(app),"PageNumber":3,"PageSize":5}"#).1 == [2, 1])
            let (beyond, none) = try await Self.list(h, "DescribeDepotMergeRequests", #"{"DepotId":\#(app),"PageNumber":4,"PageSize":5}"#)
            #expect(none.isEmpty && beyond["TotalRow"].int == 12)

            let (closed, closedIDs) = try await Self.list(
                h, "DescribeDepotMergeRequests", #"{"DepotId":\#(app),"Status":"close","PageNumber":2,"PageSize":2}"#)
            #expect(closedIDs == [5, 4] && closed["TotalRow"].int == 5 && closed["TotalPage"].int == 3)
            let (opened, openIDs) = try await Self.list(
                h, "DescribeDepotMergeRequests", #"{"DepotId":\#(app),"Status":"OPEN","PageNumber":2,"PageSize":4}"#)
            #expect(openIDs == [6, 2, 1] && opened["TotalRow"].int == 7)
            let (_, upIDs) = try await Self.list(
                h, "DescribeDepotMergeRequests", #"{"DepotId":\#(app),"IsSortDirectionAsc":true,"PageNumber":2,"PageSize":5}"#)
            #expect(upIDs == [6, 7, 8, 9, 10])
            let (keyword, keywordIDs) = try await Self.list(
                h, "DescribeDepotMergeRequests", #"{"DepotId":\#(app),"KeyWord":"T1","PageNumber":2,"PageSize":3}"#)
            #expect(keywordIDs == [1] && keyword["TotalRow"].int == 4, "t12, t11, t10 | t1")

            // The project's depots together, newest first: lib's three, then app's from #12 down.
            let (project, projectIDs) = try await Self.list(
                h, "DescribeProjectMergeRequests", #"{"ProjectId":\#(alpha),"PageNumber":2,"PageSize":5}"#)
            #expect(project["TotalRow"].int == 15 && project["TotalPage"].int == 3)
            #expect(projectIDs == [10, 9, 8, 7, 6] && project["List"].array.allSatisfy { $0["DepotId"].int == app })
            let (_, firstIDs) = try await Self.list(h, "DescribeProjectMergeRequests", #"{"ProjectId":\#(alpha),"PageNumber":1,"PageSize":5}"#)
            #expect(firstIDs == [3, 2, 1, 12, 11])

            // Own requests, in depots the caller can read (lib's three first); bob's in the private project are left out.
            let (mine, mineIDs) = try await Self.list(h, "DescribeSelfMergeRequests", #"{"PageNumber":2,"PageSize":5}"#)
            #expect(mine["TotalRow"].int == 13 && mineIDs == [8, 7, 6, 5, 4])
            let (bobs, bobIDs) = try await Self.list(h, "DescribeSelfMergeRequests", #"{"PageNumber":1,"PageSize":5}"#, token: bobToken)
            #expect(bobs["TotalRow"].int == 2 && bobIDs == [12, 11])
            let bad = try await h.action("DescribeDepotMergeRequests", #"{"DepotId":\#(app),"Status":"sideways"}"#)
            #expect(bad.status == .ok && bad.response["Error"]["Code"].string != nil && !bad.text.contains("MergeId"))
        }
    }
}
