import Foundation
import SQLKit
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
            // Every field the unfiltered (plain) page reads is what the filtered page decodes.
            try await store.operationLogs.record(
                OperationLog(
                    username: "erin", projectKey: "odd", method: "DELETE", function: "f12", scene: "environment", targets: ["dev", "qa"],
                    detail: "removed", requestBody: #"{"a":1}"#, bodyType: "json", status: 403, createdAt: 1_700_000_000_123))
            let plain = try await store.operationLogs.list(OperationLogQuery(page: 1, perPage: 1))
            let filtered = try await store.operationLogs.list(OperationLogQuery(projectKey: "odd", page: 1, perPage: 1))
            #expect(plain.items == filtered.items && plain.total == 12)
            let newest = try #require(plain.items.first)
            #expect(newest.targets == ["dev", "qa"] && newest.status == 403 && newest.createdAt == 1_700_000_000_123 && newest.id > 0)
            #expect(newest.scene == "environment" && newest.requestBody == #"{"a":1}"# && newest.method == "DELETE")
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

    /// One provider's deliveries past page 1 through both lists that show them: the Serverless
    /// Devs route (limit/offset) and the administrators' web page (25 a page); administrators only.
    @Test(arguments: StoreKind.enabled)
    func deliveriesByProviderPastPageOne(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var ids: [String: Int64] = [:]
            for n in 1...56 {
                let stored = try await app.store.deliveries.record(
                    TriggerDelivery(deliveryID: "d\(n)", provider: n % 2 == 0 ? "github" : "gitee", event: "push", headers: [:], body: "{}"))
                ids["d\(n)"] = stored.id
            }
            #expect(try await app.store.deliveries.count(provider: "github") == 28)
            let route = try await app.call(.get, "/api/webhook/deliveries?provider=github&limit=3&offset=3")
            #expect(route.status == .ok, "\(route.text)")
            #expect(route.json["data"].array.compactMap { $0["delivery_id"].string } == ["d50", "d48", "d46"])
            #expect(route.json["data"][0]["provider"].string == "github" && route.json["data"][0]["body_bytes"].int == 2)
            let last = try await app.call(.get, "/api/webhook/deliveries?provider=github&limit=3&offset=27")
            #expect(last.json["data"].array.compactMap { $0["delivery_id"].string } == ["d2"])
            let past = try await app.call(.get, "/api/webhook/deliveries?provider=github&limit=3&offset=28")
            #expect(past.status == .ok && past.json["data"].array.isEmpty)

            var browser = try await app.adminBrowser()
            let second = try await browser.get("/ui/deliveries?provider=github&page=2")
            #expect(second.status == .ok)
            let shown = ids.filter { second.text.contains(#"<a href="/ui/deliveries/\#($0.value)">"#) }.keys.sorted()
            #expect(shown == ["d2", "d4", "d6"], "github's 26th to 28th newest: \(shown)")
            #expect(second.text.contains(#"rel="prev" href="/ui/deliveries?provider=github&amp;page=1""#) && !second.text.contains(#"rel="next""#))
            let first = try await browser.get("/ui/deliveries?provider=github")
            #expect(first.text.contains(#"rel="next" href="/ui/deliveries?provider=github&amp;page=2""#))
            #expect(
                first.text.contains(#"<a href="/ui/deliveries/\#(ids["d56"] ?? 0)">"#)
                    && !first.text.contains(#"<a href="/ui/deliveries/\#(ids["d55"] ?? 0)">"#))

            let anonymous = try await app.call(.get, "/api/webhook/deliveries?provider=github&limit=3&offset=3", auth: .anonymous)
            #expect(anonymous.status == .unauthorized && !anonymous.text.contains("delivery_id"), "\(anonymous.status)")
            let member = try await app.makeMember("member")
            let refused = try await app.call(.get, "/api/webhook/deliveries?provider=github&limit=3&offset=3", as: member)
            #expect(refused.status == .forbidden && !refused.text.contains("delivery_id"), "\(refused.status)")
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
    /// The list reads the access check and the page in one statement (`WorkflowAccess.page`) when
    /// the task numbers have no gaps, and falls back to its own page query when they do; the
    /// route answers the same either way, and only to callers who may read the workflow.
    @Test(arguments: StoreKind.enabled)
    func pageReadWithTheAccessCheckMatchesThePageQuery(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("paged", stages: [Harness.stage("build", jobs: [Harness.shellJob("say", "echo hi")])])
            try await app.makeWorkflow("unrun", stages: [Harness.stage("build", jobs: [Harness.shellJob("say", "echo hi")])])
            let workflow = try #require(try await app.store.workflows.get(key: "paged"))
            func add(_ count: Int) async throws {
                for i in 1...count {
                    _ = try await app.store.tasks.create(
                        WorkflowTask(workflow: workflow, taskID: 0, creator: "u\(i)", params: [], stages: [], now: 1_700_000_000_000 + Int64(i)))
                }
            }
            func ids(_ uri: String, as token: String? = nil) async throws -> (Int?, [Int]) {
                let reply = try await app.call(.get, uri, auth: token.map { .bearer($0) })
                #expect(reply.status == .ok, "\(reply.text)")
                return (reply.json["total"].int, reply.json["workflow_tasks"].array.compactMap { $0["task_id"].int })
            }
            let admin = try #require(try await app.store.users.list(keyword: "admin", page: 1, pageSize: 1).items.first)
            try await add(7)
            let joined = try #require(try await app.store.access.access(user: admin, workflowKey: "paged", page: 2, pageSize: 3))
            let alone = try await app.store.tasks.summaries(workflowKey: "paged", page: 2, pageSize: 3)
            #expect(alone.items.map(\.taskID) == [4, 3, 2] && joined.taskCounter?.taskCount == 7)
            if kind == .postgres {
                #expect(joined.page == alone.items, "no gaps: the page comes with the check")
            } else {
                #expect(joined.page == nil, "SQLite reads the page on its own")
            }
            #expect(try await ids("/openapi/workflows/custom/paged/tasks?projectKey=demo&pageNum=1&pageSize=3") == (7, [7, 6, 5]))
            #expect(try await ids("/openapi/workflows/custom/paged/tasks?projectKey=demo&pageNum=3&pageSize=3") == (7, [1]))
            #expect(try await ids("/openapi/workflows/custom/paged/tasks?projectKey=demo&pageNum=9&pageSize=3") == (7, []))
            #expect(try await ids("/openapi/workflows/custom/unrun/tasks?projectKey=demo&pageNum=1&pageSize=3") == (0, []))

            // A gap in the numbers (tasks 8…10 never stored): the page is read by OFFSET.
            try await app.store.sql.write { db in
                try await db.raw("UPDATE workflow_counters SET last_task_id = last_task_id + 3 WHERE workflow_key = 'paged'").run()
            }
            try await add(2)
            let gappy = try #require(try await app.store.access.access(user: admin, workflowKey: "paged", page: 1, pageSize: 3))
            #expect(gappy.page == nil && gappy.taskCounter == TaskCounter(lastTaskID: 12, taskCount: 9))
            #expect(try await ids("/openapi/workflows/custom/paged/tasks?projectKey=demo&pageNum=1&pageSize=3") == (9, [12, 11, 7]))
            #expect(try await ids("/openapi/workflows/custom/paged/tasks?projectKey=demo&pageNum=3&pageSize=3") == (9, [3, 2, 1]))

            let (outsider, outsiderToken) = try await app.makeUser("outsider")
            let (reader, readerToken) = try await app.makeUser("reader")
            _ = try await app.call(.post, "/openapi/policy/role-bindings/user/\(reader.uid)?namespace=demo", body: #"{"roles":["read-only"]}"#)
            #expect(try await ids("/openapi/workflows/custom/paged/tasks?projectKey=demo&pageNum=2&pageSize=3", as: readerToken) == (9, [6, 5, 4]))
            let refused = try await app.call(.get, "/openapi/workflows/custom/paged/tasks?projectKey=demo&pageNum=1&pageSize=3", as: outsiderToken)
            #expect(refused.status == .forbidden && !refused.json["workflow_tasks"].exists && !refused.text.contains("task_id"))
            let denied = try #require(try await app.store.access.access(user: outsider, workflowKey: "paged", page: 1, pageSize: 3))
            #expect(!denied.access.allows(.action("get_workflow")))
            let anonymous = try await app.call(.get, "/openapi/workflows/custom/paged/tasks?projectKey=demo&pageNum=1&pageSize=3", auth: .anonymous)
            #expect(anonymous.status == .unauthorized && !anonymous.text.contains("task_id"))
            let elsewhere = try await app.call(.get, "/openapi/workflows/custom/paged/tasks?projectKey=other&pageNum=1&pageSize=3")
            // Zadig answers a failed operation with 400 and the operation's code.
            #expect(elsewhere.status == .badRequest && elsewhere.text.contains("not found") && !elsewhere.text.contains("task_id"))
        }
    }
}
