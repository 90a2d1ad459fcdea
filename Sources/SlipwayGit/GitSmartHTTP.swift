import Foundation
import NIOCore
import SlipwayCore

/// The git smart-HTTP protocol over `git upload-pack` / `git receive-pack --stateless-rpc`,
/// independent of any HTTP framework: callers hand in the request body as an async sequence
/// of `ByteBuffer`s and get the response streamed to a `write` closure (which maps directly
/// onto Hummingbird's `ResponseBody { writer in … }`).
///
/// Authentication and authorisation are the caller's: check `GitService.isWrite` before
/// calling, and pass the pusher and a policy for receive-pack.
package struct GitSmartHTTP: Sendable {
    /// Where repositories live.
    package let repositories: GitRepositories

    package init(repositories: GitRepositories) {
        self.repositories = repositories
    }

    /// Answers `GET <repo>/info/refs?service=<service>`: the `# service=` pkt-line header and a
    /// flush (omitted for protocol v2, as `git http-backend` does), then git's own ref
    /// advertisement. Respond with `service.advertisementContentType` and `Cache-Control: no-cache`.
    ///
    /// - Parameter gitProtocol: the request's `Git-Protocol` header (e.g. `version=2`), if any.
    nonisolated(nonsending) package func advertiseRefs(
        service: GitService, repository: RepositoryPath, gitProtocol: String?,
        write: (ByteBuffer) async throws -> Void
    ) async throws {
        let repo = try repositories.repository(repository)
        let env = Self.protocolEnvironment(gitProtocol)
        if !(service == .uploadPack && env["GIT_PROTOCOL"]?.contains("version=2") == true) {
            var header = ByteBuffer()
            header.writeString(PktLine.encode("# service=\(service.rawValue)\n"))
            header.writeString(PktLine.flush)
            try await write(header)
        }
        let outcome = try await GitProcessStream.run(
            arguments: [service.subcommand, "--stateless-rpc", "--advertise-refs", repo.directory],
            environment: env, body: Optional<GitProcessStream.EmptyBody>.none, gzip: false, write: write)
        guard outcome.status == 0 else {
            throw SlipwayError.internalError("\(service.subcommand) advertisement failed: \(outcome.stderr)")
        }
    }

    /// Answers `POST <repo>/git-upload-pack` (fetch/clone): the body streams into
    /// `git upload-pack --stateless-rpc`, its output streams back. Respond with
    /// `GitService.uploadPack.resultContentType`.
    ///
    /// - Parameters:
    ///   - contentEncoding: the request's `Content-Encoding`; `gzip` bodies are decompressed.
    ///   - gitProtocol: the request's `Git-Protocol` header, passed to git as `GIT_PROTOCOL`.
    nonisolated(nonsending) package func uploadPack<Body: AsyncSequence & Sendable>(
        repository: RepositoryPath, body: Body, contentEncoding: String? = nil, gitProtocol: String? = nil,
        write: (ByteBuffer) async throws -> Void
    ) async throws where Body.Element == ByteBuffer {
        let repo = try repositories.repository(repository)
        let outcome = try await GitProcessStream.run(
            arguments: ["upload-pack", "--stateless-rpc", repo.directory],
            environment: Self.protocolEnvironment(gitProtocol), body: body,
            gzip: try Self.isGzip(contentEncoding), write: write)
        guard outcome.status == 0 else {
            throw SlipwayError.internalError("upload-pack failed (\(outcome.status)): \(outcome.stderr)")
        }
    }

    /// Answers `POST <repo>/git-receive-pack` (push) and returns one `PushEvent` per ref the
    /// push actually changed (empty when the push was rejected or changed nothing).
    ///
    /// Before git updates any ref, every requested update is classified (create, delete,
    /// non-fast-forward) and given to `policy`; one rejection refuses the whole push, the
    /// client sees the message as `remote: …` and `! [remote rejected] … (pre-receive hook
    /// declined)`, and no ref changes. Respond with `GitService.receivePack.resultContentType`.
    nonisolated(nonsending) package func receivePack<Body: AsyncSequence & Sendable>(
        repository: RepositoryPath, body: Body, contentEncoding: String? = nil, gitProtocol: String? = nil,
        pusher: Pusher?, policy: PushPolicy? = nil,
        write: (ByteBuffer) async throws -> Void
    ) async throws -> [PushEvent] where Body.Element == ByteBuffer {
        let repo = try repositories.repository(repository)
        let gzip = try Self.isGzip(contentEncoding)
        let channel = try PushHookChannel(temporaryDirectory: repositories.temporaryDirectory)
        defer { channel.shutdown() }
        let review = Task { () -> PushReview? in
            guard let request = await channel.nextRequest() else { return nil }
            return await repo.review(request, channel: channel, pusher: pusher, policy: policy)
        }
        let outcome: GitProcessStream.Outcome
        do {
            var env = Self.protocolEnvironment(gitProtocol)
            env.merge(channel.environment) { $1 }
            outcome = try await GitProcessStream.run(
                arguments: [
                    "-c", "core.hooksPath=\(repositories.hooksDirectory)", "receive-pack", "--stateless-rpc",
                    repo.directory,
                ],
                environment: env, body: body, gzip: gzip, write: write)
        } catch {
            channel.abort()
            _ = await review.value
            throw error
        }
        channel.abort()
        guard let reviewed = await review.value, reviewed.accepted else { return [] }
        guard outcome.status == 0 else {
            throw SlipwayError.internalError("receive-pack failed (\(outcome.status)): \(outcome.stderr)")
        }
        return try await repo.events(for: reviewed)
    }

    static func isGzip(_ contentEncoding: String?) throws -> Bool {
        guard let encoding = contentEncoding?.lowercased().trimmingCharacters(in: .whitespaces),
            !encoding.isEmpty, encoding != "identity"
        else { return false }
        guard encoding == "gzip" || encoding == "x-gzip" else {
            throw SlipwayError.invalidInput("unsupported Content-Encoding: \(encoding)")
        }
        return true
    }

    /// Only `version=N` style keys pass through to `GIT_PROTOCOL` (the header is client data).
    static func protocolEnvironment(_ header: String?) -> [String: String] {
        guard let header, !header.isEmpty, header.utf8.count < 256 else { return [:] }
        let allowed = header.split(separator: ":").filter { item in
            item.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                    || c == UInt8(ascii: "=") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
                    || c == UInt8(ascii: ".")
            }
        }
        return allowed.isEmpty ? [:] : ["GIT_PROTOCOL": allowed.joined(separator: ":")]
    }
}

/// git's pkt-line framing, for the few lines Slipway writes itself.
enum PktLine {
    static let flush = "0000"

    static func encode(_ payload: String) -> String {
        let length = payload.utf8.count + 4
        let hex = String(length, radix: 16)
        return String(repeating: "0", count: 4 - hex.count) + hex + payload
    }
}
