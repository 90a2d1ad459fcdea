import Foundation
import Synchronization

/// How many `git` processes may run at once for short git commands (reads, commits, merges):
/// in total, and against any one repository. Callers beyond a limit wait in a FIFO queue.
package struct GitConcurrencyLimits: Sendable, Equatable {
    /// All repositories together.
    package var overall: Int
    /// One repository (a bare repository directory).
    package var perRepository: Int

    package init(overall: Int, perRepository: Int) {
        self.overall = max(1, overall)
        self.perRepository = max(1, min(perRepository, max(1, overall)))
    }

    /// `2 × cores + 2` overall and 4 per repository: enough to keep the cores busy while some
    /// processes wait on disk, few enough that a burst of requests queues instead of thrashing.
    package static var `default`: GitConcurrencyLimits {
        GitConcurrencyLimits(overall: 2 * ProcessInfo.processInfo.activeProcessorCount + 2, perRepository: 4)
    }
}

/// Bounds the `git` processes Slipway spawns for git commands (`GitCommand`): a per-repository
/// FIFO semaphore taken first, then the overall one, so a burst on one repository cannot hold
/// every overall permit while others wait, and every caller is served in arrival order.
///
/// Streaming smart-HTTP transports (clone, fetch, push) are not gated here: they live as long
/// as the client's transfer, and a push's review runs git commands of its own.
package final class GitSpawnLimiter: Sendable {
    package let limits: GitConcurrencyLimits
    private let overall: FIFOSemaphore
    /// Per-repository semaphores with the number of callers using each; dropped at zero.
    private let repositories = Mutex<[String: (semaphore: FIFOSemaphore, users: Int)]>([:])

    package init(_ limits: GitConcurrencyLimits = .default) {
        self.limits = limits
        overall = FIFOSemaphore(limit: limits.overall)
    }

    /// Processes running now and callers waiting, over all repositories.
    package var overallCounts: (running: Int, waiting: Int) {
        let c = overall.counts
        return (c.held, c.waiting)
    }

    /// Processes running now and callers waiting for one repository directory.
    package func counts(repository: String) -> (running: Int, waiting: Int) {
        guard let semaphore = repositories.withLock({ $0[repository]?.semaphore }) else { return (0, 0) }
        let c = semaphore.counts
        return (c.held, c.waiting)
    }

    /// Runs `body` (which spawns one git process against `repository`) holding a permit of
    /// the repository's and of the overall limit.
    package func withPermit<T>(repository: String, _ body: () async throws -> T) async throws -> T {
        let semaphore = repositories.withLock { map -> FIFOSemaphore in
            if let entry = map[repository] {
                map[repository] = (entry.semaphore, entry.users + 1)
                return entry.semaphore
            }
            let created = FIFOSemaphore(limit: limits.perRepository)
            map[repository] = (created, 1)
            return created
        }
        defer {
            repositories.withLock { map in
                guard let entry = map[repository] else { return }
                if entry.users <= 1 { map[repository] = nil } else { map[repository] = (entry.semaphore, entry.users - 1) }
            }
        }
        try await semaphore.acquire()
        defer { semaphore.release() }
        try await overall.acquire()
        defer { overall.release() }
        return try await body()
    }
}
