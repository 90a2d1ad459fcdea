import Hummingbird
import SlipwayCore
import SlipwayGit
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// Git smart HTTP for depots: `/<team>/<project>/<depot>.git/info/refs`,
/// `…/git-upload-pack` (fetch/clone) and `…/git-receive-pack` (push), streamed both ways.
///
/// Credentials: HTTP Basic with any user name and a personal token as password (resolved by
/// `AuthenticationMiddleware`). Anonymous callers may fetch from public projects; otherwise
/// they get 401 with a Basic challenge so git asks for credentials. Signed-in callers without
/// the permission (`DepotAccess.read` to fetch, `.write` to push) get 403.
public enum CodingGitRoutes {
    /// Mount the transport. Expects `AuthenticationMiddleware` earlier on the router.
    public static func register(
        on router: Router<AppRequestContext>, store: Store, git: GitRepositories, context: ServiceContext,
        configuration: CodingConfiguration = CodingConfiguration(), events: any PushEventSink = DiscardingPushEventSink()
    ) {
        let transport = GitTransport(
            services: CodingServices(store: store, git: git, configuration: configuration, events: events, context: context))
        let base = "\(configuration.teamName)/:project/:depot"
        router.get(RouterPath(base), use: transport.describe)
        router.get(RouterPath(base + "/info/refs"), use: transport.infoRefs)
        router.post(RouterPath(base + "/git-upload-pack")) { request, context in
            try await transport.rpc(.uploadPack, request: request, context: context)
        }
        router.post(RouterPath(base + "/git-receive-pack")) { request, context in
            try await transport.rpc(.receivePack, request: request, context: context)
        }
    }
}

struct GitTransport: Sendable {
    let services: CodingServices
    var smart: GitSmartHTTP { GitSmartHTTP(repositories: services.git) }

    /// `GET` on the clone URL itself (a browser, a link checker): to whoever may read the depot,
    /// a redirect to the depot's description, `GET /open-api?Action=DescribeGitDepot&DepotId=N`.
    @Sendable func describe(_ request: Request, context: AppRequestContext) async throws -> Response {
        switch try await authorize(.uploadPack, context: context, request: request) {
        case .deny(let response): return response
        case .allow(let target):
            let location = ActionCall.actionPath("DescribeGitDepot", ["DepotId": "\(target.depot.id)"])
            return Response(status: .found, headers: [.location: location, .cacheControl: "no-cache"])
        }
    }

    @Sendable func infoRefs(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let service = request.uri.queryParameters.get("service").flatMap(GitService.init(serviceName:)) else {
            return Self.plain(.forbidden, "only the smart HTTP protocol is supported\n")
        }
        let target: Target
        switch try await authorize(service, context: context, request: request) {
        case .deny(let response): return response
        case .allow(let t): target = t
        }
        let proto = Self.gitProtocol(request)
        let smart = self.smart
        return Response(
            status: .ok, headers: [.contentType: service.advertisementContentType, .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await smart.advertiseRefs(service: service, repository: target.path, gitProtocol: proto) {
                    try await writer.write($0)
                }
                try await writer.finish(nil)
            })
    }

    func rpc(_ service: GitService, request: Request, context: AppRequestContext) async throws -> Response {
        let target: Target
        switch try await authorize(service, context: context, request: request) {
        case .deny(let response): return response
        case .allow(let t): target = t
        }
        let proto = Self.gitProtocol(request)
        let encoding = request.headers[.contentEncoding]
        let smart = self.smart, services = self.services
        return Response(
            status: .ok, headers: [.contentType: service.resultContentType, .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                switch service {
                case .uploadPack:
                    try await smart.uploadPack(
                        repository: target.path, body: request.body, contentEncoding: encoding, gitProtocol: proto
                    ) { try await writer.write($0) }
                case .receivePack:
                    let events = try await smart.receivePack(
                        repository: target.path, body: request.body, contentEncoding: encoding, gitProtocol: proto,
                        pusher: target.pusher, policy: policy(target)
                    ) { try await writer.write($0) }
                    // Recorded and announced before the client sees the push complete.
                    await services.publish(events, depot: target.depot)
                }
                try await writer.finish(nil)
            })
    }

    struct Target: Sendable {
        var depot: Depot
        var path: RepositoryPath
        var repository: GitRepository
        var pusher: Pusher?
        /// The pusher administers the project (may change protected tags).
        var canAdminister = false
    }

    /// What every push must respect: the default branch cannot be deleted (as with
    /// DeleteGitBranch), and the depot's `RefRules` (branch protection, read-only branches, tag
    /// protection) decide each branch and tag update. The depot and its rules are read once per
    /// push, when the first ref is checked, so a depot archived since the push began refuses it too.
    func policy(_ target: Target) -> PushPolicy {
        let repository = target.repository, store = services.store
        let depotID = target.depot.id, pusherUID = target.pusher?.id, canAdminister = target.canAdminister
        let state = LoadedOnce { (depot: try await store.depots.get(id: depotID), rules: try await RefRules.load(store, depotID: depotID)) }
        return { update in
            guard let (current, all) = try? await state.value() else { return .reject("Slipway could not read the branch rules; try again.") }
            guard let depot = current else { return .reject("the repository is gone") }
            if depot.isArchived { return .reject(Self.archivedMessage(depot)) }
            let isBranch = update.ref.hasPrefix("refs/heads/")
            guard isBranch || update.ref.hasPrefix("refs/tags/") else { return .allow }
            if isBranch, update.isDelete, let head = try? await repository.defaultBranch(), update.ref == "refs/heads/" + head {
                return .reject("the default branch \(head) cannot be deleted")
            }
            return all.refusal(update, userUID: pusherUID, canAdminister: canAdminister).map { .reject($0) } ?? .allow
        }
    }

    enum Decision {
        case allow(Target)
        case deny(Response)
    }

    /// The access rule of the type comment, decided before any byte of git output is sent.
    func authorize(_ service: GitService, context: AppRequestContext, request: Request) async throws -> Decision {
        let need: DepotAccess = service.isWrite ? .write : .read
        let anonymous = context.identity == nil
        // A credential that did not resolve is a failed login, not an anonymous call.
        if anonymous, Credentials.secret(from: request) != nil { return .deny(Self.challenge()) }
        guard let projectKey = context.parameters.get("project"), var name = context.parameters.get("depot") else {
            return .deny(anonymous ? Self.challenge() : Self.plain(.notFound, "repository not found\n"))
        }
        if name.hasSuffix(".git") { name.removeLast(4) }
        let depot = try await services.store.depots.get(projectKey: projectKey, name: name)
        guard let identity = context.identity else {
            guard !service.isWrite, let depot, let project = try await services.store.projects.get(key: projectKey),
                project.isPublic
            else { return .deny(Self.challenge()) }
            return try target(depot, pusher: nil)
        }
        guard let access = try await services.store.access.access(user: identity.user, projectKey: projectKey) else {
            return .deny(Self.plain(.notFound, "repository not found\n"))
        }
        guard need.allowed(by: access) else {
            return .deny(Self.plain(.forbidden, "you do not have permission to \(service.isWrite ? "push to" : "read") this repository\n"))
        }
        // OAuth tokens carry scopes; git needs the one the depot actions need.
        guard identity.scopes.isEmpty || OAuthScopes.covers(identity.scopes, "project:depot") else {
            return .deny(Self.plain(.forbidden, "the token lacks the project:depot scope needed for git\n"))
        }
        guard let depot else { return .deny(Self.plain(.notFound, "repository not found\n")) }
        if service.isWrite, depot.isArchived { return .deny(Self.plain(.forbidden, Self.archivedMessage(depot) + "\n")) }
        return try target(
            depot, pusher: Pusher(id: identity.user.uid, name: identity.user.account),
            canAdminister: DepotAccess.administer.allowed(by: access))
    }

    private func target(_ depot: Depot, pusher: Pusher?, canAdminister: Bool = false) throws -> Decision {
        let path = try services.repositoryPath(depot)
        guard services.git.exists(path) else { return .deny(Self.plain(.notFound, "repository not found\n")) }
        return .allow(Target(
            depot: depot, path: path, repository: try services.git.repository(path), pusher: pusher,
            canAdminister: canAdminister))
    }

    static func archivedMessage(_ depot: Depot) -> String {
        "repository \(depot.projectKey)/\(depot.name) is archived and read-only: pushes are refused until it is unarchived"
    }

    static func gitProtocol(_ request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == "git-protocol" }?.value
    }

    static func challenge() -> Response {
        var response = plain(.unauthorized, "authentication required\n")
        response.headers[.wwwAuthenticate] = "Basic realm=\"Slipway\""
        return response
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A value loaded at most once, on first use, shared by the policy calls of one push.
actor LoadedOnce<Value: Sendable> {
    private let load: @Sendable () async throws -> Value
    private var cached: Value?

    init(_ load: @escaping @Sendable () async throws -> Value) {
        self.load = load
    }

    func value() async throws -> Value {
        if let cached { return cached }
        let loaded = try await load()
        cached = loaded
        return loaded
    }
}
