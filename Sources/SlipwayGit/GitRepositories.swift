import Foundation
import SlipwayCore

/// Bare repositories stored under one root directory, addressed by `RepositoryPath`.
///
/// Layout: `<root>/<team>/<project>/<depot>.git` for repositories and `<root>/.slipway/` for
/// Slipway's own files (the pre-receive hook, temporary directories). Repository segments can
/// never start with `.`, so the two can never collide.
package struct GitRepositories: Sendable {
    /// Absolute path of the storage root.
    package let root: String
    var hooksDirectory: String { root + "/.slipway/hooks" }
    var temporaryDirectory: String { root + "/.slipway/tmp" }
    /// Bounds the git processes run for git commands on these repositories (not the streaming
    /// smart-HTTP transport); share one `GitRepositories` so the bound is server-wide.
    package let limiter: GitSpawnLimiter

    /// Opens (creating if needed) a storage root and installs Slipway's pre-receive hook.
    /// `concurrency` bounds simultaneous git processes, overall and per repository.
    package init(root: String, concurrency: GitConcurrencyLimits = .default) throws {
        try self.init(root: root, limiter: GitSpawnLimiter(concurrency))
    }

    /// Another storage root (projects' wikis) whose git processes share this one's bound.
    package func sibling(root: String) throws -> GitRepositories {
        try GitRepositories(root: root, limiter: limiter)
    }

    init(root: String, limiter: GitSpawnLimiter) throws {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = absolute
        self.limiter = limiter
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: temporaryDirectory, withIntermediateDirectories: true)
            let hook = hooksDirectory + "/pre-receive"
            try Data(PushHookChannel.preReceiveScript.utf8).write(to: URL(fileURLWithPath: hook), options: .atomic)
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        } catch {
            throw SlipwayError.internalError("cannot prepare git storage at \(absolute): \(error)")
        }
    }

    /// The absolute directory of a repository (whether or not it exists).
    package func directory(for path: RepositoryPath) -> String {
        root + "/" + path.relativeDirectory
    }

    /// Whether a repository exists at `path`.
    package func exists(_ path: RepositoryPath) -> Bool {
        var isDir: ObjCBool = false
        let dir = directory(for: path)
        return FileManager.default.fileExists(atPath: dir + "/objects", isDirectory: &isDir) && isDir.boolValue
    }

    /// A handle on an existing repository; throws `notFound` when there is none.
    package func repository(_ path: RepositoryPath) throws -> GitRepository {
        guard exists(path) else { throw SlipwayError.notFound("repository \(path) not found") }
        return GitRepository(path: path, directory: directory(for: path), limiter: limiter)
    }

    /// Creates a bare repository whose HEAD points at `defaultBranch`.
    ///
    /// With `readme`, the repository starts with one commit holding `README.md` on the default
    /// branch (the "init with README" option). The repository is built in a temporary directory
    /// and renamed into place, so a half-initialised repository is never visible and two
    /// concurrent creations of the same path cannot both succeed.
    @discardableResult
    package func create(
        _ path: RepositoryPath, defaultBranch: String = "main", readme: InitialReadme? = nil
    ) async throws -> GitRepository {
        try await build(path, defaultBranch: defaultBranch) { staged in
            guard let readme else { return }
            _ = try await staged.createCommit(
                CommitRequest(
                    branch: defaultBranch, expectedHead: .absent, message: readme.message,
                    author: readme.author, actions: [.create(path: "README.md", content: .text(readme.content))]),
                pusher: nil)
        }
    }

    /// Initialises a bare repository in a temporary directory, lets `populate` write its first
    /// commits, and renames it into place: a half-built repository is never visible, and of two
    /// concurrent creations of the same path only one succeeds.
    func build(
        _ path: RepositoryPath, defaultBranch: String, populate: (GitRepository) async throws -> Void
    ) async throws -> GitRepository {
        let branchRef = try RefFormat.branchRef(defaultBranch)
        guard !exists(path) else { throw SlipwayError.conflict("repository \(path) already exists") }
        let staging = temporaryDirectory + "/create-" + UUID().uuidString + ".git"
        let fm = FileManager.default
        defer { try? fm.removeItem(atPath: staging) }
        let git = GitCommand(gitDir: staging, limiter: limiter)
        try await git.run(["init", "--quiet", "--bare", "--initial-branch=" + branchRef.shortName])
        for (key, value) in Self.repositoryConfig {
            try await git.run(["config", key, value])
        }
        try await populate(GitRepository(path: path, directory: staging, limiter: limiter))
        let target = directory(for: path)
        try fm.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard rename(staging, target) == 0 else {
            throw SlipwayError.conflict("repository \(path) already exists")
        }
        return GitRepository(path: path, directory: target, limiter: limiter)
    }

    /// Config every Slipway repository carries. Transport needs none of it (receive-pack and
    /// upload-pack are run directly), but it keeps `git http-backend` and partial clone usable.
    static let repositoryConfig: [(String, String)] = [
        ("http.receivepack", "true"),
        ("http.uploadpack", "true"),
        ("uploadpack.allowFilter", "true"),
        ("receive.denyNonFastForwards", "false"),
        ("core.logAllRefUpdates", "false"),
        ("gc.auto", "0"),
    ]

    /// Deletes a repository. It is first renamed out of the tree, so it disappears atomically.
    package func delete(_ path: RepositoryPath) throws {
        guard exists(path) else { throw SlipwayError.notFound("repository \(path) not found") }
        let trash = temporaryDirectory + "/delete-" + UUID().uuidString
        guard rename(directory(for: path), trash) == 0 else {
            throw SlipwayError.internalError("cannot delete repository \(path): errno \(errno)")
        }
        try? FileManager.default.removeItem(atPath: trash)
        pruneEmptyParents(of: directory(for: path))
    }

    /// Renames/moves a repository to a new path; `conflict` when the target exists.
    @discardableResult
    package func move(_ from: RepositoryPath, to: RepositoryPath) throws -> GitRepository {
        guard exists(from) else { throw SlipwayError.notFound("repository \(from) not found") }
        guard !exists(to) else { throw SlipwayError.conflict("repository \(to) already exists") }
        let target = directory(for: to)
        let fm = FileManager.default
        do {
            try fm.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw SlipwayError.internalError("cannot create parent of \(to): \(error)")
        }
        guard rename(directory(for: from), target) == 0 else {
            throw SlipwayError.conflict("cannot move repository \(from) to \(to): errno \(errno)")
        }
        pruneEmptyParents(of: directory(for: from))
        return GitRepository(path: to, directory: target, limiter: limiter)
    }

    /// Bytes used on disk by a repository (sum of regular file sizes).
    package func diskSize(_ path: RepositoryPath) throws -> Int64 {
        guard exists(path) else { throw SlipwayError.notFound("repository \(path) not found") }
        let url = URL(fileURLWithPath: directory(for: path))
        var total: Int64 = 0
        let keys: [URLResourceKey] = [.fileSizeKey, .isRegularFileKey]
        if let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: keys) {
            for case let file as URL in e {
                let values = try? file.resourceValues(forKeys: Set(keys))
                if values?.isRegularFile == true { total += Int64(values?.fileSize ?? 0) }
            }
        }
        return total
    }

    /// Removes now-empty namespace directories between a removed repository and the root.
    private func pruneEmptyParents(of dir: String) {
        var parent = (dir as NSString).deletingLastPathComponent
        while parent.count > root.count, parent.hasPrefix(root + "/") {
            guard rmdir(parent) == 0 else { return }
            parent = (parent as NSString).deletingLastPathComponent
        }
    }
}

/// Content of the first commit of a repository created "with README".
package struct InitialReadme: Sendable {
    /// Markdown written to `README.md`.
    package var content: String
    /// Commit message.
    package var message: String
    /// Author and committer of the commit.
    package var author: GitIdentity

    package init(content: String, message: String = "Initial commit", author: GitIdentity) {
        self.content = content
        self.message = message
        self.author = author
    }
}
