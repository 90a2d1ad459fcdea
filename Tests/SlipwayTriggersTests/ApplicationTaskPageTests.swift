import Foundation
import SlipwayCore
import SlipwayServices
import Testing

/// The task list of a Serverless Devs application, as its web page reads it through
/// `ApplicationService.tasks(of:page:pageSize:)`: pages past the first hold the right tasks,
/// newest first, each with the dispatch that started it, and the total counts them all.
@Suite(.serialized) struct ApplicationTaskPageTests {
    @Test(arguments: TriggerStoreKind.enabled)
    func pagesPastTheFirstHoldTheRightTasksNewestFirst(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            let depot = try await h.makeDepot(project: "pages", name: "svc")
            _ = try await h.commit(depot, branch: "main", files: ["serverless-pipeline.yaml": "steps:\n  - run: echo deployed\n"])
            var ids: [Int64] = []
            for name in ["paged", "neighbour"] {
                let created = try await h.api(
                    .post, "/api/flow/application/create",
                    """
                    {"repo":"svc","owner":"pages","repo_url":"http://x/pages/svc.git","provider_repo_id":"0","description":"\(name)",
                     "provider":"coding","trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                    """)
                #expect(created.status == .ok, "\(created.text)")
                ids.append(try #require(created.json["data"]["id"].string.flatMap { Int64($0) }))
            }
            let (paged, neighbour) = (ids[0], ids[1])

            // Five tasks of the application, each from its own commit; one of another application in between.
            var commits: [Int: String] = [:]
            for number in 1...5 {
                commits[number] = try await h.commit(
                    depot, branch: "main", files: ["serverless-pipeline.yaml": "steps:\n  - run: echo deploy \(number)\n"], message: "change \(number)")
                let dispatched = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(paged)","ref":"main"}"#)
                #expect(dispatched.status == .ok, "\(dispatched.text)")
                _ = try await h.waitForTask(paged, number)
                if number == 3 {
                    _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(neighbour)","ref":"main"}"#)
                    _ = try await h.waitForTask(neighbour, 1)
                }
            }

            let service = ApplicationService(h.context, links: ApplicationLinks { "/tasks/\($0)" })
            let app = try #require(try await h.store.serverlessApps.get(id: paged))
            let pages = [
                try await service.tasks(of: app, page: 1, pageSize: 2), try await service.tasks(of: app, page: 2, pageSize: 2),
                try await service.tasks(of: app, page: 3, pageSize: 2), try await service.tasks(of: app, page: 4, pageSize: 2),
            ]
            #expect(pages.map(\.total) == [5, 5, 5, 5])
            #expect(pages.map { $0.items.map(\.summary.taskID) } == [[5, 4], [3, 2], [1], []], "newest first, page by page")
            for row in pages.flatMap(\.items) {
                #expect(row.summary.workflowKey == "sdevs-app-\(paged)")
                #expect(row.summary.status == .passed)
                #expect(row.dispatch?.appID == paged)
                #expect(row.dispatch?.taskNumber == row.summary.taskID, "each row carries its own dispatch")
                #expect(row.dispatch?.commit == commits[row.summary.taskID], "task \(row.summary.taskID) ran its commit")
                #expect(row.dispatch?.eventName == "manual_dispatch")
            }
            let other = try await service.tasks(of: try #require(try await h.store.serverlessApps.get(id: neighbour)), page: 1, pageSize: 2)
            #expect(other.total == 1 && other.items.map(\.summary.taskID) == [1] && other.items.first?.dispatch?.appID == neighbour)
        }
    }
}
