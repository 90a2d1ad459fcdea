import Crypto
import Foundation
import SlipwayCore

/// Local bare mirrors of external repositories (GitHub, GitLab, Gitee, …), fetched over
/// HTTP(S) so their commits can be read (pipeline files, refs) and checked out by tasks
/// without network access at run time. Mirrors live in `<root>/.slipway/mirrors/<hash>.git`.
package struct GitMirrors: Sendable {
    let repositories: GitRepositories
    var root: String { repositories.root + "/.slipway/mirrors" }

    package init(_ repositories: GitRepositories) {
        self.repositories = repositories
    }

    /// HTTP Basic credentials for a private repository (a token as the password).
    package struct Credential: Sendable {
        package var username: String
        package var password: String

        package init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    /// Only `http(s)://host/…` without embedded credentials: no local paths, `file://`,
    /// `ext::` or option-looking text can reach git.
    package static func validate(url: String) throws {
        guard url.utf8.count <= 2048, !url.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true }),
            let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = parsed.host, !host.isEmpty
        else {
            throw SlipwayError.invalidInput("repo_url must be an http(s):// URL of a git repository: \(url)")
        }
        guard parsed.user == nil, parsed.password == nil else {
            throw SlipwayError.invalidInput("repo_url must not embed credentials; give a GIT_TOKEN secret instead")
        }
    }

    /// The mirror's directory for a URL (whether or not it exists yet); tasks clone from it.
    package func directory(for url: String) -> String {
        root + "/" + Self.name(for: url) + ".git"
    }

    static func name(for url: String) -> String {
        SHA256.hash(data: Data(url.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The mirror of `url`, fetched first when it is new, when `refresh` is set, or when
    /// `commit` is not in it yet (then that commit is also asked for by id). Fetches of one URL
    /// never overlap.
    package func mirror(of url: String, credential: Credential?, refresh: Bool, commit: String? = nil) async throws -> GitRepository {
        try Self.validate(url: url)
        let name = Self.name(for: url)
        // Not gated by `GitSpawnLimiter`: a mirror fetch is a network transfer of unknown length
        // (fetches of one URL are serialised by `MirrorLocks` instead).
        let repository = GitRepository(
            path: try RepositoryPath("mirrors/\(name)"), directory: directory(for: url), limiter: nil)
        return try await MirrorLocks.shared.withLock(name) {
            var needsFetch = refresh
            if !FileManager.default.fileExists(atPath: repository.directory + "/objects") {
                try await create(repository.directory)
                needsFetch = true
            }
            if let commit, try await !Self.hasCommit(commit, repository) { needsFetch = true }
            guard needsFetch else { return repository }
            try await fetch(
                url, credential: credential, into: repository,
                refspecs: ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"])
            if let commit, try await !Self.hasCommit(commit, repository), RefFormat.isSHA(commit) {
                // Commits only reachable from other refs (pull request heads): ask for the id itself.
                try? await fetch(url, credential: credential, into: repository, refspecs: [commit])
            }
            return repository
        }
    }

    private func create(_ directory: String) async throws {
        let staging = repositories.temporaryDirectory + "/mirror-" + UUID().uuidString + ".git"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        try await GitCommand(gitDir: staging).run(["init", "--quiet", "--bare"])
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        guard rename(staging, directory) == 0 else {
            throw SlipwayError.internalError("cannot create mirror \(directory): errno \(errno)")
        }
    }

    private func fetch(_ url: String, credential: Credential?, into repository: GitRepository, refspecs: [String]) async throws {
        var environment = ["GIT_ALLOW_PROTOCOL": "http:https"]
        if let credential {
            // Through the environment, never the command line (which other users can read).
            let basic = Data("\(credential.username):\(credential.password)".utf8).base64EncodedString()
            environment["GIT_CONFIG_COUNT"] = "1"
            environment["GIT_CONFIG_KEY_0"] = "http.extraHeader"
            environment["GIT_CONFIG_VALUE_0"] = "Authorization: Basic \(basic)"
        }
        let out = try await repository.git.adding(environment).output(
            [
                "-c", "http.lowSpeedLimit=1", "-c", "http.lowSpeedTime=60", "-c", "credential.helper=",
                "fetch", "--quiet", "--prune", "--no-tags", "--end-of-options", url,
            ] + refspecs)
        guard out.succeeded else {
            let reason = out.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(out.status)"
            throw SlipwayError.failedPrecondition("cannot fetch \(url): \(reason)")
        }
    }

    static func hasCommit(_ commit: String, _ repository: GitRepository) async throws -> Bool {
        (try? await repository.resolveCommitIfPresent(commit)) != nil
    }
}

/// One fetch at a time per mirror.
actor MirrorLocks {
    static let shared = MirrorLocks()
    private var busy: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    func withLock<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T {
        while busy.contains(key) {
            await withCheckedContinuation { waiters[key, default: []].append($0) }
        }
        busy.insert(key)
        defer {
            busy.remove(key)
            if var queue = waiters[key], !queue.isEmpty {
                queue.removeFirst().resume()
                waiters[key] = queue.isEmpty ? nil : queue
            }
        }
        return try await body()
    }
}
