import CodingAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayHTTP
import SlipwayServices
import SlipwayStore
import Testing

/// Pushes published on the event bus (`DomainEvent.pushed`).
actor PushLog {
    private(set) var pushes: [DepotPush] = []
    func append(_ push: DepotPush) { pushes.append(push) }
}

/// Every domain event published on the bus, in order.
actor EventLog {
    private(set) var events: [DomainEvent] = []
    func append(_ event: DomainEvent) { events.append(event) }

    /// The merge request changes, as (merge request iid, action).
    var mergeRequestChanges: [(iid: Int64, action: MergeRequestEvent.Action)] {
        events.compactMap { if case .mergeRequest(let request, let action) = $0 { (request.iid, action) } else { nil } }
    }
}

struct HTTPReply: Sendable {
    let status: HTTPResponse.Status
    let text: String
    let headers: HTTPFields
    var json: JSONValue { JSONValue(text: text) }
    /// `Response` of a CODING envelope.
    var response: JSONValue { json["Response"] }
}

/// The CODING routes over a fresh store and git root, as the composition root will mount them.
struct CodingHarness: Sendable {
    let store: Store
    let client: any TestClientProtocol
    let adminToken: String
    let pushes: PushLog
    /// Every event published on the bus.
    let events: EventLog
    /// The services context the routes were registered over (for calling services directly).
    let context: ServiceContext
    /// `http://127.0.0.1:<port>` in live mode.
    let baseURL: String?
    let gitRoot: String

    /// Call an action with a JSON object body; the action goes in the query string.
    func action(_ name: String, _ body: String = "{}", token: String? = nil, anonymous: Bool = false) async throws -> HTTPReply {
        try await post("/open-api?Action=\(name)", body: body, token: anonymous ? nil : (token ?? adminToken))
    }

    func post(_ uri: String, body: String, token: String?, headers extra: HTTPFields = [:]) async throws -> HTTPReply {
        var headers = extra
        headers[.contentType] = "application/json"
        if let token { headers[.authorization] = "token \(token)" }
        let r = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        return HTTPReply(status: r.status, text: String(buffer: r.body), headers: r.headers)
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> HTTPReply {
        let r = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
        return HTTPReply(status: r.status, text: String(buffer: r.body), headers: r.headers)
    }

    /// Calls an action with `curl` in live mode, so the request carries a real `Host` header.
    func curlAction(_ name: String, _ body: String, token: String? = nil) async throws -> JSONValue {
        let url = try #require(baseURL) + "/open-api?Action=\(name)"
        let run = try await runProcess(
            [
                "curl", "-sS", "-X", "POST", "-H", "Content-Type: application/json",
                "-H", "Authorization: token \(token ?? adminToken)", "--data-binary", body, url,
            ], in: "/")
        return JSONValue(text: run.stdout)["Response"]
    }

    func makeUser(_ account: String, admin: Bool = false) async throws -> (user: User, token: String) {
        let user = User(
            uid: UUID().uuidString.lowercased(), account: account, name: account.capitalized,
            email: "\(account)@example.com", isAdmin: admin)
        try await store.users.create(user)
        return (user, try await store.tokens.issue(userUID: user.uid, name: "test").secret)
    }

    /// Creates a project through CreateCodingProject and returns its numeric id.
    func makeProject(_ name: String, shared: Bool = false) async throws -> Int64 {
        let reply = try await action(
            "CreateCodingProject",
            """
            {"Name":"\(name)","DisplayName":"\(name) display","Shared":\(shared ? 1 : 0),"ProjectTemplate":"CODE_HOST","Description":"d"}
            """)
        guard let id = reply.response["ProjectId"].int else { throw GitCLIError(message: "no project: \(reply.text)") }
        return id
    }

    func makeDepot(_ projectID: Int64, _ name: String) async throws -> Int64 {
        let reply = try await action("CreateGitDepot", #"{"ProjectId":\#(projectID),"DepotName":"\#(name)"}"#)
        guard let id = reply.response["DepotId"].int else { throw GitCLIError(message: "no depot: \(reply.text)") }
        return id
    }

    /// A clone URL with credentials (`git:<token>@`), live mode only.
    func cloneURL(_ project: String, _ depot: String, token: String?) -> String {
        let base = baseURL ?? "http://localhost"
        let auth = token.map { "git:\($0)@" } ?? ""
        return base.replacingOccurrences(of: "http://", with: "http://\(auth)") + "/slipway/\(project)/\(depot).git"
    }
}

enum HarnessMode { case router, live }

/// Builds the router as the composition root will (authentication, the audit of CODING changes, CODING API, git transport)
/// over a fresh store and git storage, and runs `body` against it in-process.
func withCoding<T: Sendable>(
    _ kind: CodingStoreKind, _ mode: HarnessMode = .router, configuration: CodingConfiguration = CodingConfiguration(),
    _ body: @Sendable (CodingHarness) async throws -> T
) async throws -> T {
    try await withCodingStore(kind) { store in
        let admin = User(uid: UUID().uuidString.lowercased(), account: "admin", name: "Admin", email: "admin@example.com", isAdmin: true)
        try await store.users.create(admin)
        let token = try await store.tokens.issue(userUID: admin.uid, name: "admin").secret
        // The engine's data directory holds the repositories (`<data>/git`), as in production,
        // so jobs may check out hosted depots.
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("coding-git-\(UUID().uuidString)").path
        let root = data + "/git"
        defer { try? FileManager.default.removeItem(atPath: data) }
        let git = try GitRepositories(root: root)
        let engine = Engine(store: store, configuration: EngineConfiguration(dataDirectory: URL(fileURLWithPath: data)))
        let context = ServiceContext(
            store: store, engine: engine, depots: DepotLayout(git: git, teamName: configuration.teamName),
            logger: Logger(label: "coding-tests"))
        let pushes = PushLog(), events = EventLog()
        context.events.subscribe { event in
            await events.append(event)
            if case .pushed(let push) = event { await pushes.append(push) }
        }
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: AuthenticationMiddleware(store: store))
        // CODING changes in the operation log, as the composition root records them.
        router.add(middleware: AuditMiddleware(store: store, describers: [CodingAuditDescriber(store: store)]))
        CodingRoutes.register(on: router, context: context, configuration: configuration)
        CodingGitRoutes.register(on: router, context: context, configuration: configuration)
        func serve() async throws -> T {
            switch mode {
            case .router:
                let app = Application(router: router)
                return try await app.test(.router) { client in
                    try await body(
                        CodingHarness(
                            store: store, client: client, adminToken: token, pushes: pushes, events: events, context: context, baseURL: nil, gitRoot: root))
                }
            case .live:
                let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
                return try await app.test(.live) { client in
                    try await body(
                        CodingHarness(
                            store: store, client: client, adminToken: token, pushes: pushes, events: events, context: context,
                            baseURL: "http://127.0.0.1:\(client.port!)", gitRoot: root))
                }
            }
        }
        // The engine stops before the store closes, as the server's does: a task still running
        // (a CI build of a depot just deleted) would otherwise write into a closed store.
        do {
            let result = try await serve()
            await engine.shutdown()
            return result
        } catch {
            await engine.shutdown()
            throw error
        }
    }
}
