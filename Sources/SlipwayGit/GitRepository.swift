import Foundation
import SlipwayCore

/// One bare repository on disk. All reads and writes run `git` with argument arrays; user
/// input is validated (`RefFormat`, `RepositoryPath`) and placed after `--end-of-options` / `--`
/// where git supports it, so it can never become an option.
package struct GitRepository: Sendable {
    /// The repository's address.
    package let path: RepositoryPath
    /// Absolute path of the bare repository directory.
    package let directory: String
    /// The bound on concurrent git processes this repository's commands share with all others.
    let limiter: GitSpawnLimiter?

    init(path: RepositoryPath, directory: String, limiter: GitSpawnLimiter?) {
        self.path = path
        self.directory = directory
        self.limiter = limiter
    }

    var git: GitCommand { GitCommand(gitDir: directory, limiter: limiter) }

    /// Resolves any revision (branch, tag, SHA, `main~2`) to a commit SHA; `notFound` otherwise.
    package func resolveCommit(_ revision: String) async throws -> String {
        guard let sha = try await resolveCommitIfPresent(revision) else {
            throw SlipwayError.notFound("revision \(revision) not found")
        }
        return sha
    }

    /// Like `resolveCommit` but nil when the revision does not exist.
    package func resolveCommitIfPresent(_ revision: String) async throws -> String? {
        let rev = try RefFormat.revision(revision)
        let out = try await git.output(["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"])
        return out.succeeded ? out.trimmed : nil
    }

    /// The current object of a full ref name, nil when absent (no peeling).
    func refTarget(_ ref: String) async throws -> String? {
        let out = try await git.output(["rev-parse", "--verify", "--quiet", "--end-of-options", ref])
        return out.succeeded ? out.trimmed : nil
    }

    /// Whether `ancestor` is an ancestor of (or equal to) `descendant`.
    package func isAncestor(_ ancestor: String, of descendant: String) async throws -> Bool {
        try await Self.isAncestor(ancestor, descendant, git: git)
    }

    static func isAncestor(_ a: String, _ b: String, git: GitCommand) async throws -> Bool {
        let out = try await git.output(["merge-base", "--is-ancestor", a, b])
        switch out.status {
        case 0: return true
        case 1: return false
        default: throw GitCommand.failure(["merge-base"], out)
        }
    }

    /// Whether the repository has no refs at all (freshly created, nothing pushed).
    package func isEmpty() async throws -> Bool {
        let out = try await git.run(["for-each-ref", "--count=1", "--format=%(refname)"])
        return out.stdout.isEmpty
    }
}
