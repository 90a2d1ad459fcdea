import SlipwayCore
import SlipwayGit
import SlipwayStore

/// What a new depot's repository starts with.
package enum DepotSeed: Sendable {
    /// An empty repository.
    case empty
    /// One first commit holding `files`.
    case files([InitialFile], message: String)
    /// One first commit holding the files (not the history) of another depot's default branch.
    case snapshot(of: Depot, message: String)
}

/// Creating depots.
extension HostingService {
    /// Creates a depot: its row (which reserves the name) and its repository, seeded with
    /// `seed`, whose first commit `author` makes. Either both exist afterwards or neither does:
    /// when the repository cannot be built, the repository this call created and the row are
    /// removed again; when that removal fails too, the failure is logged and reported as an
    /// internal error instead of being swallowed.
    package func createDepot(
        _ depot: Depot, defaultBranch: String, seed: DepotSeed = .empty, author: GitIdentity
    ) async throws -> Depot {
        let build = try await builder(for: seed, defaultBranch: defaultBranch, author: author)
        let stored = try await store.depots.create(depot)
        var createdPath: RepositoryPath?
        do {
            let path = try depots.path(stored)
            if !depots.git.exists(path) { createdPath = path }
            try await build(path)
        } catch {
            try await undoCreate(stored, repository: createdPath, cause: error)
            throw error
        }
        return stored
    }

    /// Builds the repository at a path from `seed`; a snapshot's source must have commits.
    private func builder(
        for seed: DepotSeed, defaultBranch: String, author: GitIdentity
    ) async throws -> @Sendable (RepositoryPath) async throws -> Void {
        let git = depots.git
        switch seed {
        case .empty:
            return { path in try await git.create(path, defaultBranch: defaultBranch) }
        case .files(let files, let message):
            return { path in
                try await git.create(path, defaultBranch: defaultBranch, files: files, message: message, author: author)
            }
        case .snapshot(let source, let message):
            let repo = try depots.repository(source)
            guard let head = try await repo.defaultBranch(),
                try await repo.resolveCommitIfPresent(RefName.branch(head).full) != nil
            else { throw SlipwayError.invalidInput("template depot \(source.name) has no commits") }
            return { path in
                try await git.createCopy(
                    path, defaultBranch: defaultBranch, from: repo, branch: head, message: message, author: author)
            }
        }
    }

    /// Removes what a failed `createDepot` left: the repository it created (if any part of it
    /// reached its place) and the row.
    private func undoCreate(_ depot: Depot, repository: RepositoryPath?, cause: any Error) async throws {
        do {
            if let repository, depots.git.exists(repository) { try depots.git.delete(repository) }
            try await store.depots.delete(id: depot.id)
        } catch {
            context.logger.error(
                "hosting: undoing a failed depot creation failed",
                metadata: [
                    "depot": "\(depot.projectKey)/\(depot.name)", "cause": "\(cause)", "error": "\(error)",
                ])
            throw SlipwayError.internalError("depot \(depot.name) could not be created, and removing it again failed")
        }
    }
}

/// Renaming depots.
extension HostingService {
    /// Renames a depot: the row, then its repository on disk, so the clone URL follows the name
    /// and the id stays. When the repository cannot be moved the row gets its old name back; when
    /// that fails too, it is logged and reported as an internal error instead of being swallowed.
    package func renameDepot(_ depot: Depot, to name: String) async throws -> Depot {
        var renamed = depot
        renamed.name = name
        guard name != depot.name else { return depot }
        try await store.depots.update(id: depot.id, name: name, description: depot.description)
        do {
            try depots.git.move(try depots.path(depot), to: try depots.path(renamed))
        } catch {
            do {
                try await store.depots.update(id: depot.id, name: depot.name, description: depot.description)
            } catch let restore {
                context.logger.error(
                    "hosting: restoring a depot's name failed",
                    metadata: [
                        "depot": "\(depot.projectKey)/\(depot.name)", "cause": "\(error)", "error": "\(restore)",
                    ])
                throw SlipwayError.internalError("depot \(depot.name) could not be renamed, and restoring its name failed")
            }
            throw error
        }
        return renamed
    }
}

extension HostingService {
    /// Moves a depot, with its merge requests and rules, into another project, and its repository
    /// on disk; when the move on disk fails, the depot goes back to its project, and a failed
    /// restore is logged and reported as an internal error.
    package func transferDepot(_ depot: Depot, to projectKey: String) async throws -> Depot {
        var moved = depot
        moved.projectKey = projectKey
        try await store.depots.transfer(id: depot.id, toProject: projectKey)
        do {
            try depots.git.move(try depots.path(depot), to: try depots.path(moved))
        } catch {
            do {
                try await store.depots.transfer(id: depot.id, toProject: depot.projectKey)
            } catch let restore {
                context.logger.error(
                    "hosting: returning a depot to its project failed",
                    metadata: ["depot": "\(depot.projectKey)/\(depot.name)", "cause": "\(error)", "error": "\(restore)"])
                throw SlipwayError.internalError("depot \(depot.name) could not be transferred, and returning it failed")
            }
            throw error
        }
        return moved
    }
}
