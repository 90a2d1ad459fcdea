import Foundation
import HTTPTypes
import Hummingbird
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayServer
import Testing

/// One Zadig route of an audit matrix: its valid call, its bad call with the error it must get,
/// and who may call it. `{X}` in a URI or body is filled from the matrix's ids.
struct ZadigRouteCase: Sendable {
    /// Who may make the call, besides administrators.
    enum Access: Sendable {
        /// A project read: the read-only member reads, a non-member is refused (403).
        case read
        /// A change: the read-only member and the non-member are refused (403).
        case write
        /// Open to every signed-in user (team build templates, the release plan list).
        case open
        /// A read of the users taking part (a release plan's manager and approvers): the read-only
        /// member and the non-member are refused (403).
        case participant
    }

    /// `METHOD /path` as the router spells it (`{name}` for a capture).
    let route: String
    let uri: String
    let body: String?
    let badURI: String
    let badBody: String?
    /// The bad call's HTTP status (the envelope's `code`) and `description`.
    let status: Int
    let description: String
    let access: Access
    /// Keys the valid answer holds; empty for `{"message":"success"}`.
    var keys: [String] = []
    /// Paths (`list.0.create_time`) of the valid answer that must be Unix seconds.
    var seconds: [String] = []
    /// The ids key of the token making the valid call (default: the administrator's for changes,
    /// the read-only member's for reads, the non-member's for open routes).
    var caller: String? = nil
    /// A route Slipway answers only with Zadig's own refusal (Helm charts, retrying a version that
    /// did not fail): the valid call's status and description.
    var refusedWith: (status: Int, description: String)? = nil

    init(
        _ route: String, _ uri: String, body: String? = nil, bad: String, badBody: String? = nil, _ status: Int, _ description: String,
        _ access: Access, keys: [String] = [], seconds: [String] = [], caller: String? = nil,
        refusedWith: (status: Int, description: String)? = nil
    ) {
        self.route = route
        self.uri = uri
        self.body = body
        self.badURI = bad
        self.badBody = badBody
        self.status = status
        self.description = description
        self.access = access
        self.keys = keys
        self.seconds = seconds
        self.caller = caller
        self.refusedWith = refusedWith
    }

    var method: HTTPRequest.Method { HTTPRequest.Method(String(route.prefix { $0 != " " }))! }
    var changes: Bool { method != .get }
}

/// Runs a table of Zadig routes against an app: valid calls, bad calls and refusals, checking the
/// Zadig envelopes and the operation log (one entry per change call, refused or not, with its
/// status; none for a read or a call without a token).
struct ZadigRouteMatrix {
    let app: Harness
    /// A read-only member of project demo, and a signed-in user who is not a member.
    let reader: String
    let outsider: String

    static func make(_ app: Harness) async throws -> ZadigRouteMatrix {
        let reader = try await app.makeMember("reader")
        let (_, outsider) = try await app.makeUser("outsider")
        return ZadigRouteMatrix(app: app, reader: reader, outsider: outsider)
    }

    static func fill(_ text: String, _ ids: [String: String]) -> String {
        ids.reduce(text) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// The routes the router holds under `prefixes`, as `METHOD /path`.
    static func registeredRoutes(under prefixes: [String]) async throws -> Set<String> {
        try await withFreshStore(.sqlite) { store in
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-routes-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: data) }
            let engine = Engine(store: store, configuration: EngineConfiguration(dataDirectory: data))
            let git = try GitRepositories(root: data.appendingPathComponent("git").path)
            let router = buildRouter(store: store, engine: engine, git: git)
            return Set(
                router.routes.map { "\($0.method) \($0.path)" }.filter { route in
                    prefixes.contains { route.split(separator: " ").last?.hasPrefix($0) == true }
                })
        }
    }

    func call(_ c: ZadigRouteCase, bad: Bool = false, token: String?, ids: [String: String]) async throws -> Reply {
        let uri = Self.fill(bad ? c.badURI : c.uri, ids)
        let body = (bad ? c.badBody : c.body).map { Self.fill($0, ids) }
        return try await app.call(c.method, uri, auth: token.map { .bearer($0) } ?? .anonymous, body: body)
    }

    func logTotal() async throws -> Int {
        try await app.store.operationLogs.list(OperationLogQuery(page: 1, perPage: 1)).total
    }

    /// The calls made since the log held `before` entries: exactly `count`, the newest with `status`.
    /// `named`: the handler named the operation (Zadig's function, e.g. `项目管理-构建`), as it does
    /// for every well-formed call; a body it could not read is logged under the route's path.
    func expectLogged(
        since before: Int, _ count: Int, status: Int, user: String, _ c: ZadigRouteCase, named: Bool = true,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let page = try await app.store.operationLogs.list(OperationLogQuery(page: 1, perPage: 1))
        #expect(page.total == before + count, "\(c.route): \(page.total - before) operation-log entries", sourceLocation: sourceLocation)
        guard count > 0, let entry = page.items.first else { return }
        #expect(entry.status == status && entry.username == user, "\(c.route): \(entry)", sourceLocation: sourceLocation)
        #expect(entry.method.hasPrefix("OpenAPI") == c.uri.hasPrefix("/openapi"), "\(c.route): \(entry.method)", sourceLocation: sourceLocation)
        #expect(!entry.function.isEmpty && (!named || !entry.function.hasPrefix("/")), "\(c.route): \(entry.function)", sourceLocation: sourceLocation)
    }

    func callerToken(for c: ZadigRouteCase, ids: [String: String]) -> String {
        if let caller = c.caller, let token = ids[caller] { return token }
        switch c.access {
        case .write: return app.adminToken
        case .read: return reader
        case .open: return outsider
        case .participant: return app.adminToken
        }
    }

    /// Each valid call in order, answered 200 in Zadig's shape; `after` sees each answer (to keep ids).
    func valid(
        _ cases: [ZadigRouteCase], ids: inout [String: String],
        after: (ZadigRouteCase, Reply, inout [String: String]) async throws -> Void = { _, _, _ in }
    ) async throws {
        for c in cases {
            let before = try await logTotal()
            let token = callerToken(for: c, ids: ids)
            let reply = try await call(c, token: token, ids: ids)
            let user = try await app.store.tokens.authenticate(secret: token)?.user.account ?? ""
            if let refusal = c.refusedWith {
                expectEnvelope(reply, refusal.status, refusal.description, c)
                try await expectLogged(since: before, 1, status: refusal.status, user: user, c)
                continue
            }
            #expect(reply.status == .ok, "\(c.route): \(reply.text)")
            if c.keys.isEmpty {
                #expect(reply.json == JSON(#"{"message":"success"}"#), "\(c.route): \(reply.text)")
            } else if c.keys == ["[]"] {
                #expect(reply.json.array.count > 0, "\(c.route): \(reply.text)")
            } else {
                #expect(Set(c.keys).isSubset(of: reply.json.keys), "\(c.route): \(reply.text)")
            }
            for path in c.seconds {
                let value = path.split(separator: ".").reduce(reply.json) { json, key in Int(key).map { json[$0] } ?? json[String(key)] }
                #expect((1_700_000_000...4_000_000_000).contains(value.int ?? 0), "\(c.route): \(path) = \(value) is not Unix seconds")
            }
            try await expectLogged(since: before, c.changes ? 1 : 0, status: 200, user: user, c)
            try await after(c, reply, &ids)
        }
    }

    /// Each bad call (as an administrator): the Zadig error envelope with the case's status and
    /// description, one operation-log entry with that status for a change, none for a read.
    func bad(_ cases: [ZadigRouteCase], ids: [String: String]) async throws {
        for c in cases {
            let before = try await logTotal()
            let reply = try await call(c, bad: true, token: app.adminToken, ids: ids)
            expectEnvelope(reply, c.status, c.description, c)
            try await expectLogged(since: before, c.changes ? 1 : 0, status: c.status, user: "admin", c, named: false)
        }
    }

    /// Zadig's typed error envelope `{type, message, code, description, extra}` with this status.
    func expectEnvelope(_ reply: Reply, _ status: Int, _ description: String, _ c: ZadigRouteCase, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Int(reply.status.code) == status, "\(c.route): \(reply.text)", sourceLocation: sourceLocation)
        let envelope = reply.json
        #expect(envelope.keys == ["type", "message", "code", "description", "extra"], "\(c.route): \(reply.text)", sourceLocation: sourceLocation)
        #expect(envelope["type"].string == "error" && envelope["extra"] == JSON("{}"), "\(c.route): \(reply.text)", sourceLocation: sourceLocation)
        #expect(envelope["code"].int == status && !(envelope["message"].string ?? "").isEmpty, "\(c.route): \(reply.text)", sourceLocation: sourceLocation)
        #expect(envelope["description"].string == description, "\(c.route): \(reply.text)", sourceLocation: sourceLocation)
    }

    /// Each valid call without a token (401, empty body, not logged), as the non-member and as the
    /// read-only member: refused with an empty 403 (logged once when it is a change) unless the
    /// route is open to them.
    func refusals(_ cases: [ZadigRouteCase], ids: [String: String]) async throws {
        for c in cases {
            var before = try await logTotal()
            let anonymous = try await call(c, token: nil, ids: ids)
            #expect(anonymous.status == .unauthorized && anonymous.text.isEmpty, "\(c.route): \(anonymous.status)")
            try await expectLogged(since: before, 0, status: 401, user: "", c)
            for (name, token) in [("outsider", outsider), ("reader", reader)] {
                let allowed = c.access == .open || (c.access == .read && name == "reader")
                before = try await logTotal()
                let reply = try await call(c, token: token, ids: ids)
                if allowed {
                    #expect(reply.status == .ok, "\(c.route) as \(name): \(reply.text)")
                } else {
                    #expect(reply.status == .forbidden && reply.text.isEmpty, "\(c.route) as \(name): \(reply.status) \(reply.text)")
                }
                try await expectLogged(since: before, c.changes ? 1 : 0, status: allowed ? 200 : 403, user: name, c)
            }
        }
    }
}
