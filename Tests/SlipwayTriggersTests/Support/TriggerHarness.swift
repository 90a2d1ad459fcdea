import CodingAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import ServerlessDevsAPI
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayHTTP
import SlipwayServer
import SlipwayServices
import SlipwayStore
@_exported import SlipwayTestSupport
import SlipwayTriggers
import Testing

/// Stores the tests run on (the shared fixture of all test targets).
typealias TriggerStoreKind = StoreKind

extension StoreKind: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}

func withTriggerStore<T: Sendable>(_ kind: TriggerStoreKind, _ body: (Store) async throws -> T) async throws -> T {
    try await withFreshStore(kind, body)
}

struct Reply: Sendable {
    let status: HTTPResponse.Status
    let text: String
    var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null }
}

/// The SDevs routes plus CODING git hosting (pushes feed the inbox) over a fresh store, engine and git root.
struct TriggerHarness: Sendable {
    let context: ServiceContext
    let deliveries: DeliveryService
    let client: any TestClientProtocol
    let admin: User
    let adminToken: String
    let baseURL: String?

    var store: Store { context.store }
    var engine: Engine { context.engine }
    var git: GitRepositories { context.depots.git }
    var inbox: TriggerInbox { deliveries.inbox }

    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil,
        headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let token { headers[HTTPField.Name("cd_token")!] = token }
        for (k, v) in extra { headers[HTTPField.Name(k)!] = v }
        if body != nil { headers[.contentType] = "application/json" }
        let r = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: r.status, text: String(buffer: r.body))
    }

    func api(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, token: String? = nil) async throws -> Reply {
        try await call(method, uri, token: token ?? adminToken, body: body)
    }

    /// A project and an empty hosted depot.
    func makeDepot(project: String, name: String) async throws -> Depot {
        if try await store.projects.get(key: project) == nil {
            try await store.projects.create(Project(key: project, name: project, createdBy: admin.account), creatorUID: admin.uid)
        }
        let depot = try await store.depots.create(Depot(projectKey: project, name: name, createdBy: admin.account))
        try await git.create(try context.depots.path(depot), defaultBranch: "main")
        return depot
    }

    func repository(_ depot: Depot) throws -> GitRepository {
        try context.depots.repository(depot)
    }

    /// Commit files directly (no push event), returning the commit.
    func commit(_ depot: Depot, branch: String, files: [String: String], message: String = "update") async throws -> String {
        let repo = try repository(depot)
        let exists = try await repo.resolveCommitIfPresent("refs/heads/\(branch)") != nil
        var actions: [FileAction] = []
        for (path, content) in files.sorted(by: { $0.key < $1.key }) {
            let present = exists ? (try await repo.fileExists(at: "refs/heads/\(branch)", path: path)) : false
            actions.append(present ? .update(path: path, content: .text(content)) : .create(path: path, content: .text(content)))
        }
        let result = try await repo.createCommit(
            CommitRequest(
                branch: branch, expectedHead: .any, message: message,
                author: GitIdentity(name: "Ada", email: "ada@example.com"), actions: actions), pusher: nil)
        return result.commit.sha
    }

    /// Wait until a task of an application's workflow reaches a finished status.
    func waitForTask(_ app: Int64, _ number: Int, timeout: Duration = .seconds(60)) async throws -> WorkflowTask {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let task = try await store.tasks.get(workflowKey: "sdevs-app-\(app)", taskID: number), task.status.isCompleted {
                return task
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("task \(app)-\(number) did not finish")
    }

    func tasks(_ app: Int64) async throws -> [WorkflowTask] {
        var tasks: [WorkflowTask] = []
        for summary in try await store.tasks.summaries(workflowKey: "sdevs-app-\(app)", page: 1, pageSize: 1_000_000).items {
            if let task = try await store.tasks.get(workflowKey: summary.workflowKey, taskID: summary.taskID) { tasks.append(task) }
        }
        return tasks
    }

    func cloneURL(_ depot: Depot) throws -> String {
        let base = try #require(baseURL)
        return base.replacingOccurrences(of: "http://", with: "http://git:\(adminToken)@") + "/slipway/\(depot.projectKey)/\(depot.name).git"
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

func withTriggers<T: Sendable>(
    _ kind: TriggerStoreKind = .sqlite, live: Bool = false, _ body: @Sendable (TriggerHarness) async throws -> T
) async throws -> T {
    try await withTriggerStore(kind) { store in
        let admin = User(uid: UUID().uuidString.lowercased(), account: "admin", name: "Admin", email: "admin@example.com", isAdmin: true)
        try await store.users.create(admin)
        let token = try await store.tokens.issue(userUID: admin.uid, name: "admin").secret
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sdevs-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let engine = Engine(store: store, configuration: EngineConfiguration(dataDirectory: data, maxRunningTasks: 8))
        try await engine.start()
        let git = try GitRepositories(root: data.appendingPathComponent("git").path)
        // The production composition: the same inbox, registry and push subscription.
        let context = ServiceContext(
            store: store, engine: engine, depots: DepotLayout(git: git, teamName: "slipway"), logger: Logger(label: "test"))
        let (router, deliveries) = composeRouter(context: context)
        let result: T
        if live {
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            result = try await app.test(.live) { client in
                try await body(
                    TriggerHarness(
                        context: context, deliveries: deliveries, client: client, admin: admin,
                        adminToken: token, baseURL: "http://127.0.0.1:\(client.port!)"))
            }
        } else {
            let app = Application(router: router)
            result = try await app.test(.router) { client in
                try await body(
                    TriggerHarness(
                        context: context, deliveries: deliveries, client: client, admin: admin,
                        adminToken: token, baseURL: nil))
            }
        }
        await engine.waitUntilIdle()
        await engine.shutdown()
        return result
    }
}
