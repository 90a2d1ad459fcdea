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
package enum CodingGitRoutes {
    /// Mount the transport over the services `context`: depots live where `context.depots`
    /// says, and accepted pushes are recorded and published on `context.events`
    /// (`HostingService.recordPushes`). Expects `AuthenticationMiddleware` earlier on the router.
    package static func register(
        on router: Router<AppRequestContext>, context: ServiceContext,
        configuration: CodingConfiguration = CodingConfiguration()
    ) {
        let transport = GitTransport(services: CodingServices(context: context, configuration: configuration))
        let base = "\(context.depots.teamName)/:project/:depot"
        router.get(RouterPath(base), use: transport.describe)
        router.get(RouterPath(base + "/info/refs"), use: transport.infoRefs)
        router.post(RouterPath(base + "/git-upload-pack")) { request, context in
            try await transport.rpc(.uploadPack, request: request, context: context)
        }
        router.post(RouterPath(base + "/git-receive-pack")) { request, context in
            try await transport.rpc(.receivePack, request: request, context: context)
        }
        WikiGitRoutes.register(on: router, services: transport.services)
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
                    await services.hosting.recordPushes(events, depot: target.depot)
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

    /// What every push must respect: `HostingService.pushPolicy` (archived depots, the default
    /// branch, branch protection, read-only branches and tag protection).
    func policy(_ target: Target) -> PushPolicy {
        services.hosting.pushPolicy(
            target.depot, repository: target.repository, pusherUID: target.pusher?.id, canAdminister: target.canAdminister)
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
        if service.isWrite, depot.isArchived { return .deny(Self.plain(.forbidden, HostingService.archivedMessage(depot) + "\n")) }
        return try target(
            depot, pusher: Pusher(id: identity.user.uid, name: identity.user.account),
            canAdminister: DepotAccess.administer.allowed(by: access))
    }

    private func target(_ depot: Depot, pusher: Pusher?, canAdminister: Bool = false) throws -> Decision {
        let path = try services.depots.path(depot)
        guard services.git.exists(path) else { return .deny(Self.plain(.notFound, "repository not found\n")) }
        return .allow(
            Target(
                depot: depot, path: path, repository: try services.git.repository(path), pusher: pusher,
                canAdminister: canAdminister))
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
