import SlipwayCore
import SlipwayGit
import SlipwayStore

/// A depot as a reader reaches it: the row, its repository, and the reader's access to the
/// project (the same rule as CODING's `DepotAccess`: `.view` reads, developer level writes).
package struct ReadableDepot: Sendable {
    package var depot: Depot
    package var repository: GitRepository
    package var access: ProjectAccess

    /// Writes (merging, pushing) need developer-level access and a depot that is not archived.
    package var mayWrite: Bool { access.allowsRepositoryWrite && !depot.isArchived }
}

/// Reading a repository for people (the web pages): the depot under the project permission
/// rule, refs named in a path, and pages of history.
extension HostingService {
    /// The depot `name` of `project` when `user` may read it; anything else (no such project or
    /// depot, or no access) is not found, so a page does not tell which.
    package func readableDepot(project: String, name: String, user: User) async throws -> ReadableDepot {
        guard let depot = try await store.depots.get(projectKey: project, name: name),
            let access = try await store.access.access(user: user, projectKey: project), access.allows(.view)
        else { throw SlipwayError.notFound("repository \(project)/\(name) not found") }
        return ReadableDepot(depot: depot, repository: try depots.repository(depot), access: access)
    }

    /// The default branch, or nil while the repository has no commits.
    package func defaultRef(_ readable: ReadableDepot) async throws -> String? {
        let repo = readable.repository
        if try await repo.isEmpty() { return nil }
        return try await repo.defaultBranch()
    }

    /// Splits path segments into a ref and a path: the longest leading run of segments naming a
    /// branch or tag (so `feature/x/src/a.txt` is branch `feature/x` when it exists), else the
    /// first segment as is (a commit SHA, or a ref the caller encoded as one segment).
    package func splitRef(_ segments: [String], in readable: ReadableDepot) async throws -> (ref: String, path: String) {
        guard let first = segments.first else { throw SlipwayError.notFound("no ref") }
        if segments.count > 1 {
            let names = Set(try await readable.repository.branches().map(\.name)).union(try await readable.repository.tags().map(\.name))
            for count in stride(from: segments.count, to: 1, by: -1) where names.contains(segments.prefix(count).joined(separator: "/")) {
                return (segments.prefix(count).joined(separator: "/"), segments.dropFirst(count).joined(separator: "/"))
            }
        }
        return (first, segments.dropFirst().joined(separator: "/"))
    }

    /// A page of `ref`'s history (newest first), whether an older page exists, and the commit
    /// the ref names; `notFound` for a ref that does not resolve.
    package func history(_ readable: ReadableDepot, ref: String, page: Int, pageSize: Int) async throws -> (commits: [GitCommit], hasMore: Bool) {
        let repo = readable.repository
        let commit: String
        do {
            commit = try await repo.resolveCommit(ref)
        } catch {
            throw SlipwayError.notFound("ref \(ref) not found")
        }
        let found = try await repo.log(LogQuery(revision: commit, skip: (max(1, page) - 1) * pageSize, limit: pageSize + 1))
        return (Array(found.prefix(pageSize)), found.count > pageSize)
    }

    /// `https://host/<team>/<project>/<depot>.git` under `baseURL` (what the smart-HTTP route serves).
    package func cloneURL(_ depot: Depot, baseURL: String) -> String {
        "\(baseURL)/\(depots.teamName)/\(depot.projectKey)/\(depot.name).git"
    }

    /// `scheme://host[:port]` as a client called us: the `Host` it sent when it is a plain host
    /// name or address (else `localhost`), `https` when a proxy says so (`X-Forwarded-Proto`).
    package static func baseURL(authority: String?, forwardedProto: String?) -> String {
        let hostChars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        var host = authority ?? "localhost"
        if host.isEmpty || !host.allSatisfy({ hostChars.contains($0) }) { host = "localhost" }
        return (forwardedProto?.lowercased() == "https" ? "https" : "http") + "://" + host
    }
}
