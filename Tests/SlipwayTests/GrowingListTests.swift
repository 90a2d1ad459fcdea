import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 12 point 2: operation logs, webhook deliveries and the Zadig task route page
/// correctly at every depth, with their totals, on both stores.
@Suite struct GrowingListTests {
    static func log(_ n: Int, project: String, user: String) -> OperationLog {
        OperationLog(
            username: user, projectKey: project, method: "POST", function: "f\(n)", detail: "", requestBody: "{}", bodyType: "json",
            status: 200, createdAt: Int64(n))
    }

    @Test(arguments: StoreKind.enabled)
    func operationLogsPageByEveryFilter(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            for n in 1...11 {
                try await store.operationLogs.record(Self.log(n, project: n % 2 == 0 ? "even" : "odd", user: n % 3 == 0 ? "carol" : "dave"))
            }
            func functions(_ query: OperationLogQuery) async throws -> ([String], Int) {
                let page = try await store.operationLogs.list(query)
                return (page.items.map(\.function), page.total)
            }
            #expect(try await functions(OperationLogQuery(page: 1, perPage: 4)) == (["f11", "f10", "f9", "f8"], 11))
            #expect(try await functions(OperationLogQuery(page: 3, perPage: 4)) == (["f3", "f2", "f1"], 11))
            #expect(try await functions(OperationLogQuery(page: 4, perPage: 4)) == ([], 11))
            #expect(try await functions(OperationLogQuery(projectKey: "even", page: 2, perPage: 2)) == (["f6", "f4"], 5))
            #expect(try await functions(OperationLogQuery(username: "carol", page: 1, perPage: 2)) == (["f9", "f6"], 3))
            #expect(try await functions(OperationLogQuery(projectKey: "odd", username: "carol", page: 1, perPage: 5)) == (["f9", "f3"], 2))
            #expect(try await functions(OperationLogQuery(page: Int(Int32.max), perPage: 100)) == ([], 11))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func deliveriesPageWithoutBodies(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            for n in 1...7 {
                _ = try await store.deliveries.record(
                    TriggerDelivery(
                        deliveryID: "d\(n)", provider: n % 2 == 0 ? "gitee" : "github", event: "push", headers: ["x-n": "\(n)"],
                        body: String(repeating: "é", count: n)))
            }
            let page = try await store.deliveries.list(provider: nil, limit: 3, offset: 2)
            #expect(page.map(\.deliveryID) == ["d5", "d4", "d3"])
            #expect(page.map(\.bodyBytes) == [10, 8, 6])
            #expect(page.first?.headers == ["x-n": "5"])
            #expect(try await store.deliveries.list(provider: nil, limit: 3, offset: 6).map(\.deliveryID) == ["d1"])
            #expect(try await store.deliveries.list(provider: nil, limit: 3, offset: 7).isEmpty)
            #expect(try await store.deliveries.list(provider: "gitee", limit: 2, offset: 1).map(\.deliveryID) == ["d4", "d2"])
            let stored = try #require(try await store.deliveries.get(id: page[0].id))
            #expect(TriggerDeliverySummary(stored) == page[0], "the list shows what the full row says")
        }
    }

    /// The route over many tasks: right rows on a deep page, the total, the wire shape and values.
    @Test(arguments: StoreKind.enabled)
    func taskRoutePagesDeepWithTheSameShape(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("many", stages: [Harness.stage("build", jobs: [Harness.shellJob("say", "echo hi")])])
            let workflow = try #require(try await app.store.workflows.get(key: "many"))
            for i in 1...12 {
                _ = try await app.store.tasks.create(
                    WorkflowTask(workflow: workflow, taskID: 0, creator: "user\(i)", params: [], stages: [], now: 1_700_000_000_000 + Int64(i) * 1000))
            }
            try await app.store.tasks.update(workflowKey: "many", taskID: 2) { task in
                task.status = .passed
                task.startedAt = 1_700_000_100_000
                task.endedAt = 1_700_000_160_000
            }
            let list = try await app.call(.get, "/openapi/workflows/custom/many/tasks?projectKey=demo&pageNum=3&pageSize=5")
            #expect(list.status == .ok, "\(list.text)")
            #expect(list.json["total"].int == 12)
            #expect(list.json["workflow_tasks"].array.compactMap { $0["task_id"].int } == [2, 1])
            let two = list.json["workflow_tasks"][0]
            #expect(
                two.keys == [
                    "workflow_key", "workflow_name", "project_key", "task_id", "create_time", "task_creator", "start_time", "end_time",
                    "status",
                ])
            #expect(two["workflow_key"].string == "many" && two["workflow_name"].string == workflow.displayName)
            #expect(two["project_key"].string == "demo" && two["task_creator"].string == "user2")
            #expect(two["create_time"].int == 1_700_000_002 && two["start_time"].int == 1_700_000_100 && two["end_time"].int == 1_700_000_160)
            #expect(two["status"].string == "passed")
            let beyond = try await app.call(.get, "/openapi/workflows/custom/many/tasks?projectKey=demo&pageNum=4&pageSize=5")
            #expect(beyond.json["total"].int == 12 && beyond.json["workflow_tasks"].array.isEmpty)
        }
    }
}
