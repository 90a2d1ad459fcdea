import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayServer
import SlipwayServices
import SlipwayStore

/// A response as tests look at it.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let text: String
    let headers: HTTPFields
    var json: JSON { JSON(text) }
}

/// The real app in-process over a fresh store, with an admin and helpers to call it.
struct Harness: Sendable {
    let store: Store
    let client: any TestClientProtocol
    let adminToken: String
    let engine: Engine
    /// The task event stream's feed, listening to the engine's events as in production.
    let taskEvents: TaskEventFeed
    /// A scratch directory for the test's jobs to leave files in.
    let scratch: URL
    /// `http://127.0.0.1:<port>` when the app listens on a real socket (`withApp(live: true)`).
    var baseURL: String? = nil

    /// How a request carries its token.
    enum Auth: Sendable {
        case bearer(String)
        case codingToken(String)
        case cdToken(String)
        case query(String)
        case basic(String)
        case anonymous
    }

    /// Call the API. `token` defaults to the admin's, sent as Zadig's Bearer header.
    func call(_ method: HTTPRequest.Method, _ uri: String, auth: Auth? = nil, body: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [:]
        var uri = uri
        switch auth ?? .bearer(adminToken) {
        case .bearer(let t): headers[.authorization] = "Bearer \(t)"
        case .codingToken(let t): headers[.authorization] = "token \(t)"
        case .cdToken(let t): headers[HTTPField.Name("cd_token")!] = t
        case .query(let t): uri += (uri.contains("?") ? "&" : "?") + "token=\(t)"
        case .basic(let t): headers[.authorization] = "Basic " + Data("git:\(t)".utf8).base64EncodedString()
        case .anonymous: break
        }
        if body != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: response.status, text: String(buffer: response.body), headers: response.headers)
    }

    /// Shorthand for calls as a given user token.
    func call(_ method: HTTPRequest.Method, _ uri: String, as token: String, body: String? = nil) async throws -> Reply {
        try await call(method, uri, auth: .bearer(token), body: body)
    }

    /// A new non-admin (or admin) user with a token.
    func makeUser(_ account: String, admin: Bool = false) async throws -> (user: User, token: String) {
        let user = User(uid: TokenSecret.uuid(), account: account, name: account.capitalized, isAdmin: admin)
        try await store.users.create(user)
        return (user, try await store.tokens.issue(userUID: user.uid, name: "test").secret)
    }

    /// Create a project through the API as the admin.
    @discardableResult
    func makeProject(_ key: String, isPublic: Bool = false, as token: String? = nil) async throws -> Reply {
        try await call(
            .post, "/openapi/projects/project", auth: .bearer(token ?? adminToken),
            body: """
                {"project_name":"\(key) name","project_key":"\(key)","is_public":\(isPublic),"description":"d","project_type":"yaml"}
                """)
    }
}

/// Run `body` against the real router and engine over a fresh store of the given kind.
/// `minute` scales approval and job timeouts so tests need not wait real minutes.
func withApp<T: Sendable>(
    _ kind: StoreKind, live: Bool = false, minute: Duration = .seconds(60), maxRunningTasks: Int = 16,
    configure: (inout EngineConfiguration) -> Void = { _ in }, feed: TaskEventFeed.Configuration = .init(),
    agents: AgentDispatcher? = nil, _ body: @Sendable (Harness) async throws -> T
) async throws -> T {
    try await withFreshStore(kind) { store in
        guard let token = try await AdminBootstrap.ensureAdmin(store: store, givenToken: nil) else {
            throw SlipwayError.internalError("no admin token issued")
        }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-engine-\(UUID().uuidString)")
        let scratch = data.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        var configuration = EngineConfiguration(dataDirectory: data, maxRunningTasks: maxRunningTasks, retryDelay: .milliseconds(50))
        configuration.minute = minute
        // Jobs run sandboxed (as `nobody` under root): the scratch directory is the one place they
        // share with the test, besides their own directory.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: scratch.path)
        configuration.sandbox.sharedDirectories = [scratch]
        if let agents { configuration.agentBackend = AgentBackend(dispatcher: agents) }
        configure(&configuration)
        let engine = Engine(store: store, configuration: configuration)
        // As in production (EngineService): the engine's task events reach the bus, the feed listens there.
        let events = EventBus()
        await engine.addObserver(TaskEventPublisher(events: events))
        let taskEvents = TaskEventFeed.listening(to: events, store: store, configuration: feed)
        try await engine.start()
        let git = try GitRepositories(root: data.appendingPathComponent("git").path)
        let router = buildRouter(store: store, engine: engine, git: git, events: events, taskEvents: taskEvents, agents: agents)
        let result: T
        if live {
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            result = try await app.test(.live) { client in
                try await body(
                    Harness(
                        store: store, client: client, adminToken: token, engine: engine, taskEvents: taskEvents, scratch: scratch,
                        baseURL: "http://127.0.0.1:\(client.port!)"))
            }
        } else {
            result = try await Application(router: router).test(.router) { client in
                try await body(
                    Harness(store: store, client: client, adminToken: token, engine: engine, taskEvents: taskEvents, scratch: scratch))
            }
        }
        await engine.shutdown()
        return result
    }
}
