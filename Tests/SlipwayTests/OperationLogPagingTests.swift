import Foundation
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// Issue 12 point 2: the operation-log routes page by project, status and environment past page
/// 1 with exact totals from counters; substring searches count up to a cap; a renamed project's
/// entries stay listed under the new key. Over HTTP, in Zadig's envelope, on both stores.
@Suite struct OperationLogPagingTests {
    static func entry(
        _ n: Int, project: String, user: String = "dave", status: Int = 200, scene: String = "", targets: [String] = []
    ) -> OperationLog {
        OperationLog(
            username: user, projectKey: project, method: "POST", function: "f\(n)", scene: scene, targets: targets, detail: "d\(n)",
            requestBody: "{}", bodyType: "json", status: status, createdAt: 1_700_000_000 + Int64(n))
    }

    /// The functions and total of one page of a route.
    static func page(_ app: Harness, _ uri: String, as token: String? = nil) async throws -> ([String], Int?) {
        let reply = try await app.call(.get, uri, auth: token.map { .bearer($0) })
        #expect(reply.status == .ok, "\(uri): \(reply.text)")
        return (reply.json["operation_logs"].array.compactMap { $0["function"].string }, reply.json["total"].int)
    }

    @Test(arguments: StoreKind.enabled)
    func systemLogPagesByProjectStatusAndUserPastPageOne(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            for n in 1...13 {
                try await app.store.operationLogs.record(
                    Self.entry(n, project: n % 2 == 1 ? "alpha" : "beta", user: n % 4 == 0 ? "Carol" : "dave", status: n % 3 == 0 ? 403 : 200))
            }
            let base = "/openapi/system/operation?"
            // alpha: 13, 11, 9 | 7, 5, 3 | 1 — counter total, one index range per page.
            #expect(try await Self.page(app, base + "searchType=project&projectKey=alpha&page=2&perPage=3") == (["f7", "f5", "f3"], 7))
            #expect(try await Self.page(app, base + "searchType=project&projectKey=alpha&page=3&perPage=3") == (["f1"], 7))
            #expect(try await Self.page(app, base + "searchType=project&projectKey=alpha&page=4&perPage=3") == ([], 7))
            // 403: 12, 9 | 6, 3.
            #expect(try await Self.page(app, base + "searchType=status&status=403&page=2&perPage=2") == (["f6", "f3"], 4))
            // A substring, any case: Carol wrote 12, 8, 4.
            #expect(try await Self.page(app, base + "searchType=user&username=car&page=2&perPage=2") == (["f4"], 3))
            // Two filters: the project's spine, the status checked on its rows (9, 3).
            #expect(try await Self.page(app, base + "searchType=all&projectKey=alpha&status=403&page=2&perPage=1") == (["f3"], 2))
            #expect(try await Self.page(app, base + "searchType=all&projectKey=beta&username=carol&page=1&perPage=5") == (["f12", "f8", "f4"], 3))
            #expect(try await Self.page(app, base + "searchType=project&projectKey=nowhere&page=1&perPage=5") == ([], 0))
            let newest = try await app.call(.get, base + "searchType=project&projectKey=beta&page=1&perPage=1").json["operation_logs"][0]
            #expect(
                newest.keys == [
                    "username", "project_key", "method", "function", "scene", "targets", "detail", "request_body", "body_type", "status",
                    "created_at",
                ])
            #expect(newest["function"].string == "f12" && newest["status"].int == 403 && newest["username"].string == "Carol")

            // Administrators only.
            let anonymous = try await app.call(.get, base + "searchType=project&projectKey=alpha&page=1&perPage=3", auth: .anonymous)
            #expect(anonymous.status == .unauthorized && !anonymous.text.contains("operation_logs"))
            let member = try await app.makeMember("member")
            let refused = try await app.call(.get, base + "searchType=project&projectKey=alpha&page=1&perPage=3", as: member)
            #expect(refused.status == .forbidden && !refused.text.contains("operation_logs"), "\(refused.text)")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func environmentLogPagesPastPageOne(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            #expect(try await app.makeProject("envs").status == .ok)
            for n in 1...9 {
                let targets = n % 3 == 0 ? ["dev", "prod", "dev"] : n % 3 == 1 ? ["dev"] : ["prod"]
                try await app.store.operationLogs.record(
                    Self.entry(
                        n, project: "envs", user: n % 2 == 0 ? "Carol" : "dave", status: n == 7 ? 500 : 200, scene: "environment",
                        targets: targets))
            }
            try await app.store.operationLogs.record(Self.entry(10, project: "envs", scene: "", targets: ["dev"]))
            try await app.store.operationLogs.record(Self.entry(11, project: "other", scene: "environment", targets: ["dev"]))
            try await app.store.operationLogs.record(Self.entry(12, project: "envs", scene: "environment", targets: ["de_"]))
            let base = "/openapi/system/operation/env?projectKey=envs&envName=dev&"
            // dev in envs: 9, 7, 6, 4 | 3, 1 (an entry naming dev twice is listed once).
            #expect(try await Self.page(app, base + "searchType=all&page=1&perPage=4") == (["f9", "f7", "f6", "f4"], 6))
            #expect(try await Self.page(app, base + "searchType=all&page=2&perPage=4") == (["f3", "f1"], 6))
            #expect(try await Self.page(app, base + "searchType=all&page=3&perPage=4") == ([], 6))
            #expect(try await Self.page(app, base + "searchType=user&username=CAR&page=2&perPage=1") == (["f4"], 2))
            #expect(try await Self.page(app, base + "searchType=status&status=500&page=1&perPage=5") == (["f7"], 1))
            #expect(try await Self.page(app, base + "searchType=detail&detail=d&page=2&perPage=5") == (["f1"], 6))
            let underscore = "/openapi/system/operation/env?projectKey=envs&envName=de_&searchType=all&page=1&perPage=9"
            #expect(try await Self.page(app, underscore) == (["f12"], 1), "a target is matched exactly, not as a pattern")
            let prod = "/openapi/system/operation/env?projectKey=envs&envName=prod&searchType=all&page=2&perPage=3"
            #expect(try await Self.page(app, prod) == (["f5", "f3", "f2"], 6))

            // Who may read: members who may read the environment.
            let reader = try await app.makeMember("reader", project: "envs")
            #expect(try await Self.page(app, base + "searchType=all&page=2&perPage=4", as: reader) == (["f3", "f1"], 6))
            let (_, outsider) = try await app.makeUser("outsider")
            let refused = try await app.call(.get, base + "searchType=all&page=2&perPage=4", as: outsider)
            #expect(refused.status == .forbidden && !refused.text.contains("operation_logs"))
            let anonymous = try await app.call(.get, base + "searchType=all&page=2&perPage=4", auth: .anonymous)
            #expect(anonymous.status == .unauthorized && !anonymous.text.contains("operation_logs"))
        }
    }

    /// A substring search counts at most `cap` matches: exact below, `cap` past it, and lists
    /// the newest `cap` matches only.
    @Test(arguments: StoreKind.enabled)
    func substringSearchesCountUpToTheCap(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            for n in 1...8 {
                try await store.operationLogs.record(Self.entry(n, project: n <= 6 ? "p" : "q", user: n % 2 == 0 ? "carol" : "dave"))
            }
            func list(_ query: OperationLogQuery, cap: Int) async throws -> ([String], Int) {
                let page = try await store.operationLogs.list(query, cap: cap)
                return (page.items.map(\.function), page.total)
            }
            let carol = OperationLogQuery(username: "carol", page: 1, perPage: 2)
            #expect(try await list(carol, cap: 10) == (["f8", "f6"], 4))
            #expect(try await list(carol, cap: 4) == (["f8", "f6"], 4), "exact at the cap")
            #expect(try await list(carol, cap: 3) == (["f8", "f6"], 3))
            var second = carol
            second.page = 2
            #expect(try await list(second, cap: 3) == (["f4"], 3), "the newest three matches only")
            second.page = 3
            #expect(try await list(second, cap: 3) == ([], 3))
            #expect(try await list(OperationLogQuery(projectKey: "p", username: "carol", page: 2, perPage: 2), cap: 10) == (["f2"], 3))
            #expect(try await list(OperationLogQuery(username: "nobody", page: 1, perPage: 2), cap: 10) == ([], 0))
            #expect(try await list(OperationLogQuery(username: "%", page: 1, perPage: 2), cap: 10) == ([], 0), "% is literal")
            #expect(try await list(OperationLogQuery(username: "", page: 1, perPage: 1), cap: 2) == (["f8"], 8), "empty: no filter")
            // Unfiltered and equality lists are not capped: their totals are counters.
            #expect(try await list(OperationLogQuery(projectKey: "p", page: 1, perPage: 1), cap: 2) == (["f6"], 6))
        }
    }

    /// `moveProject` (a project rename) merges the entries under the new key by id and remakes
    /// their numbers, targets and counters.
    @Test(arguments: StoreKind.enabled)
    func aMovedProjectKeepsExactPages(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            for n in 1...7 {
                let project = n % 2 == 0 ? "new" : "old"
                try await store.operationLogs.record(Self.entry(n, project: project, scene: "environment", targets: ["dev"]))
            }
            try await store.sql.write { db in try await OperationLogRepository.moveProject(from: "old", to: "new", db) }
            func list(_ query: OperationLogQuery) async throws -> ([String], Int) {
                let page = try await store.operationLogs.list(query)
                return (page.items.map(\.function), page.total)
            }
            #expect(try await list(OperationLogQuery(projectKey: "new", page: 2, perPage: 3)) == (["f4", "f3", "f2"], 7))
            #expect(try await list(OperationLogQuery(projectKey: "old", page: 1, perPage: 3)) == ([], 0))
            let dev = OperationLogQuery(projectKey: "new", scene: "environment", target: "dev", page: 3, perPage: 3)
            #expect(try await list(dev) == (["f1"], 7))
            #expect(try await list(OperationLogQuery(projectKey: "old", scene: "environment", target: "dev", page: 1, perPage: 3)) == ([], 0))
            try await store.operationLogs.record(Self.entry(8, project: "new", scene: "environment", targets: ["dev"]))
            #expect(try await list(OperationLogQuery(projectKey: "new", page: 1, perPage: 2)) == (["f8", "f7"], 8))
            #expect(try await list(OperationLogQuery(projectKey: "new", scene: "environment", target: "dev", page: 4, perPage: 2)) == (["f2", "f1"], 8))
        }
    }
}
