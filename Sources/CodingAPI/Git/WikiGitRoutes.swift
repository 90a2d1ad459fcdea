import Hummingbird
import SlipwayCore
import SlipwayGit
import SlipwayHTTP
import SlipwayServices
import SlipwayStore

/// A project's wiki repository over git smart HTTP, read-only: `git clone
/// <base>/<team>/<project>/-/wiki.git` (`-` is never a depot name, so the path cannot meet a
/// depot's). Who may read the wiki may clone it (`WikiAccess`; anonymous callers only for public
/// projects); pages change through the API, so pushes are refused.
enum WikiGitRoutes {
    static func path(team: String, projectKey: String) -> String { "/\(team)/\(projectKey)/-/wiki.git" }

    static func register(on router: Router<AppRequestContext>, services: CodingServices) {
        let transport = WikiGitTransport(services: services)
        let base = "\(services.depots.teamName)/:project/-/wiki.git"
        router.get(RouterPath(base + "/info/refs"), use: transport.infoRefs)
        router.post(RouterPath(base + "/git-upload-pack"), use: transport.uploadPack)
        router.post(RouterPath(base + "/git-receive-pack")) { _, _ in WikiGitTransport.readOnly() }
    }
}

struct WikiGitTransport: Sendable {
    let services: CodingServices

    static func readOnly() -> Response {
        GitTransport.plain(.forbidden, "the wiki repository is read-only; change pages through the API\n")
    }

    @Sendable func infoRefs(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let service = request.uri.queryParameters.get("service").flatMap(GitService.init(serviceName:)) else {
            return GitTransport.plain(.forbidden, "only the smart HTTP protocol is supported\n")
        }
        guard !service.isWrite else { return Self.readOnly() }
        let (repositories, path): (GitRepositories, RepositoryPath)
        switch try await authorize(request, context: context) {
        case .failure(let denied): return denied.response
        case .success(let target): (repositories, path) = target
        }
        let proto = GitTransport.gitProtocol(request)
        return Response(
            status: .ok, headers: [.contentType: service.advertisementContentType, .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await GitSmartHTTP(repositories: repositories).advertiseRefs(service: service, repository: path, gitProtocol: proto) {
                    try await writer.write($0)
                }
                try await writer.finish(nil)
            })
    }

    @Sendable func uploadPack(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (repositories, path): (GitRepositories, RepositoryPath)
        switch try await authorize(request, context: context) {
        case .failure(let denied): return denied.response
        case .success(let target): (repositories, path) = target
        }
        let proto = GitTransport.gitProtocol(request), encoding = request.headers[.contentEncoding]
        return Response(
            status: .ok, headers: [.contentType: GitService.uploadPack.resultContentType, .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await GitSmartHTTP(repositories: repositories).uploadPack(
                    repository: path, body: request.body, contentEncoding: encoding, gitProtocol: proto
                ) { try await writer.write($0) }
                try await writer.finish(nil)
            })
    }

    struct Denied: Error {
        let response: Response
    }

    /// The wiki repository, if the caller may read it; otherwise the refusal to send.
    func authorize(_ request: Request, context: AppRequestContext) async throws -> Result<(GitRepositories, RepositoryPath), Denied> {
        let store = services.store
        guard let projectKey = context.parameters.get("project") else { return .failure(Denied(response: GitTransport.challenge())) }
        if let identity = context.identity {
            guard try await store.access.access(user: identity.user, projectKey: projectKey)?.allows(.view) == true else {
                return .failure(Denied(response: GitTransport.plain(.notFound, "repository not found\n")))
            }
            guard identity.scopes.isEmpty || OAuthScopes.covers(identity.scopes, "project:wiki") else {
                return .failure(Denied(response: GitTransport.plain(.forbidden, "the token lacks the project:wiki scope\n")))
            }
        } else {
            // A credential that did not resolve is a failed login, not an anonymous call.
            guard Credentials.secret(from: request) == nil, try await store.projects.get(key: projectKey)?.isPublic == true else {
                return .failure(Denied(response: GitTransport.challenge()))
            }
        }
        let storage = WikiStorage(services.context)
        guard try await storage.repository(projectKey: projectKey) != nil else {
            return .failure(Denied(response: GitTransport.plain(.notFound, "the wiki has no pages yet\n")))
        }
        return .success((try storage.repositories(), try await storage.path(projectKey: projectKey)))
    }
}
