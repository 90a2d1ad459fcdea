import Foundation
import Hummingbird
import HummingbirdTesting
import SlipwayCore
import SlipwayGit

/// Push events the test server received.
actor EventLog {
    private(set) var events: [PushEvent] = []
    func append(_ new: [PushEvent]) { events += new }
}

/// A minimal smart-HTTP server over `GitSmartHTTP`, the way the lead's controller will wire
/// it: `<repo>.git/info/refs`, `<repo>.git/git-upload-pack`, `<repo>.git/git-receive-pack`.
func withGitServer(
    _ repositories: GitRepositories, pusher: Pusher = Pusher(id: "u1", name: "tess"), policy: PushPolicy? = nil,
    events: EventLog, _ body: @Sendable (_ baseURL: String) async throws -> Void
) async throws {
    let smart = GitSmartHTTP(repositories: repositories)
    let router = Router()
    router.get("**") { request, _ -> Response in
        let path = request.uri.path
        guard path.hasSuffix("/info/refs"),
            let service = request.uri.queryParameters.get("service").flatMap(GitService.init(serviceName:))
        else { return Response(status: .notFound) }
        let repo = try RepositoryPath(String(path.dropFirst().dropLast("/info/refs".count)))
        let proto = request.headers.first { $0.name.canonicalName == "git-protocol" }?.value
        return Response(
            status: .ok,
            headers: [.contentType: service.advertisementContentType, .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await smart.advertiseRefs(service: service, repository: repo, gitProtocol: proto) {
                    try await writer.write($0)
                }
                try await writer.finish(nil)
            })
    }
    router.post("**") { request, _ -> Response in
        let path = request.uri.path
        guard let service = GitService.allCases.first(where: { path.hasSuffix("/" + $0.rawValue) }) else {
            return Response(status: .notFound)
        }
        let repo = try RepositoryPath(String(path.dropFirst().dropLast(service.rawValue.count + 1)))
        let proto = request.headers.first { $0.name.canonicalName == "git-protocol" }?.value
        let encoding = request.headers[.contentEncoding]
        return Response(
            status: .ok, headers: [.contentType: service.resultContentType, .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                switch service {
                case .uploadPack:
                    try await smart.uploadPack(
                        repository: repo, body: request.body, contentEncoding: encoding, gitProtocol: proto
                    ) { try await writer.write($0) }
                case .receivePack:
                    let pushed = try await smart.receivePack(
                        repository: repo, body: request.body, contentEncoding: encoding, gitProtocol: proto,
                        pusher: pusher, policy: policy
                    ) { try await writer.write($0) }
                    await events.append(pushed)
                }
                try await writer.finish(nil)
            })
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        try await body("http://127.0.0.1:\(client.port!)")
    }
}
