import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayStore

/// Each project's wiki repository: a bare repository at `<data>/wiki/<project id>.git` (the
/// numeric id, which a rename does not change), branch `main`, one `<iid>.md` per page and
/// `SUMMARY.md` holding the tree. Every page change is one commit here, authored by its user;
/// the database records which commit is which page version.
package struct WikiStorage: Sendable {
    package let context: ServiceContext
    static let branch = "main"
    static let summaryFile = "SUMMARY.md"

    package init(_ context: ServiceContext) {
        self.context = context
    }

    package func repositories() throws -> GitRepositories {
        try context.depots.git.sibling(root: context.dataDirectory + "/wiki")
    }

    /// The repository address of a project's wiki.
    package func path(projectKey: String) async throws -> RepositoryPath {
        guard let id = try await context.store.numericIDs.projectIDs(keys: [projectKey])[projectKey] else {
            throw SlipwayError.notFound("project \(projectKey) not found")
        }
        return try RepositoryPath("\(id)")
    }

    /// The wiki repository's directory (whether or not it exists yet).
    package func directory(projectKey: String) async throws -> String {
        try repositories().directory(for: try await path(projectKey: projectKey))
    }

    /// The wiki repository, nil when nothing was ever written.
    package func repository(projectKey: String) async throws -> GitRepository? {
        let repositories = try repositories(), path = try await path(projectKey: projectKey)
        return repositories.exists(path) ? try repositories.repository(path) : nil
    }

    func repositoryCreating(projectKey: String) async throws -> GitRepository {
        let repositories = try repositories(), path = try await path(projectKey: projectKey)
        if repositories.exists(path) { return try repositories.repository(path) }
        do {
            return try await repositories.create(path, defaultBranch: Self.branch)
        } catch SlipwayError.conflict(_) where repositories.exists(path) {
            return try repositories.repository(path)  // created concurrently
        }
    }

    /// Commit `actions` and the tree (`summary`) as `user`; the new commit, or nil when nothing
    /// changed. A concurrent commit makes it start over (three times at most).
    func commit(projectKey: String, actions: [FileAction], summary: String, message: String, by user: User) async throws -> String? {
        let repository = try await repositoryCreating(projectKey: projectKey)
        var attempt = 0
        while true {
            attempt += 1
            let head = try await repository.resolveCommitIfPresent("refs/heads/" + Self.branch)
            var all = actions
            if let head, try await repository.fileExists(at: head, path: Self.summaryFile) {
                let current = try await repository.blob(at: head, path: Self.summaryFile).content ?? []
                if current != Array(summary.utf8) { all.append(.update(path: Self.summaryFile, content: .text(summary))) }
            } else {
                all.append(.create(path: Self.summaryFile, content: .text(summary)))
            }
            guard !all.isEmpty else { return nil }
            let request = CommitRequest(
                branch: Self.branch, expectedHead: head.map { .sha($0) } ?? .absent, message: message, author: user.gitIdentity, actions: all)
            do {
                return try await repository.createCommit(request, pusher: nil).commit.sha
            } catch SlipwayError.conflict(let reason) where attempt < 3 && !reason.hasPrefix("file ") {
                continue
            }
        }
    }

    /// A page's content as of `commit`.
    func content(projectKey: String, iid: Int64, at commit: String) async throws -> String {
        guard let repository = try await repository(projectKey: projectKey) else {
            throw SlipwayError.notFound("the wiki of project \(projectKey) has no repository")
        }
        let blob = try await repository.blob(at: commit, path: WikiPage.fileName(iid), maxBytes: WikiPage.maxContentBytes)
        return String(decoding: blob.content ?? [], as: UTF8.self)
    }

    /// Remove a project's wiki repository (the project is being deleted); `directory` was taken
    /// before the project's rows went.
    package static func remove(directory: String) {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
