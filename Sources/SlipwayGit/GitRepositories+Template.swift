import Foundation
import SlipwayCore

/// A file of a repository's first commit.
package struct InitialFile: Sendable, Hashable {
    package var path: String
    package var content: String
    package var executable: Bool

    package init(path: String, content: String, executable: Bool = false) {
        self.path = path
        self.content = content
        self.executable = executable
    }
}

/// Repositories that start from a template: a set of files, or a snapshot of another repository.
extension GitRepositories {
    /// Creates a repository whose default branch starts with one commit holding `files`.
    @discardableResult
    package func create(
        _ path: RepositoryPath, defaultBranch: String, files: [InitialFile], message: String, author: GitIdentity
    ) async throws -> GitRepository {
        try await build(path, defaultBranch: defaultBranch) { staged in
            _ = try await staged.createCommit(
                CommitRequest(
                    branch: defaultBranch, expectedHead: .absent, message: message, author: author,
                    actions: files.map { .create(path: $0.path, content: .text($0.content), executable: $0.executable) }),
                pusher: nil)
        }
    }

    /// Creates a repository whose default branch starts with one root commit holding the files of
    /// `branch` in `source`, without its history (what "use this repository as a template" means).
    @discardableResult
    package func createCopy(
        _ path: RepositoryPath, defaultBranch: String, from source: GitRepository, branch: String, message: String,
        author: GitIdentity
    ) async throws -> GitRepository {
        let sourceRef = try RefFormat.branch(branch)
        let targetRef = try RefFormat.branch(defaultBranch)
        let identity = try author.validated()
        return try await build(path, defaultBranch: defaultBranch) { staged in
            // A shallow fetch brings the tip's tree and blobs, not the history.
            try await staged.git.run(["fetch", "--quiet", "--no-tags", "--depth=1", "file://" + source.directory, sourceRef])
            let tree = try await staged.git.run(["rev-parse", "--verify", "FETCH_HEAD^{tree}"]).trimmed
            let commit = try await staged.commitTree(
                tree, parents: [], message: message, author: identity, committer: identity)
            _ = try await staged.moveRef(targetRef, from: nil, to: commit, pusher: nil, reason: "slipway: template")
            // The fetched commit is unreachable now; nothing should treat the copy as shallow.
            for leftover in ["shallow", "FETCH_HEAD"] {
                try? FileManager.default.removeItem(atPath: staged.directory + "/" + leftover)
            }
        }
    }

    /// Moves a whole namespace directory (`team/project`, holding that project's repositories)
    /// with one `rename(2)`, so every repository changes address at once. A namespace with no
    /// repositories on disk is a no-op; `conflict` when the target exists.
    package func moveNamespace(_ from: RepositoryPath, to: RepositoryPath) throws {
        let source = root + "/" + from.description, target = root + "/" + to.description
        let fm = FileManager.default
        guard fm.fileExists(atPath: source) else { return }
        guard !fm.fileExists(atPath: target) else { throw SlipwayError.conflict("\(to) already exists on disk") }
        do {
            try fm.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw SlipwayError.internalError("cannot create parent of \(to): \(error)")
        }
        guard rename(source, target) == 0 else {
            throw SlipwayError.internalError("cannot move \(from) to \(to): errno \(errno)")
        }
    }
}
