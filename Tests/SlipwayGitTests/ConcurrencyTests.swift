import Foundation
import SlipwayCore
import Testing

@testable import SlipwayGit

/// What ran inside the limiter, observed from the bodies themselves.
private actor Occupancy {
    private var running: [String: Int] = [:]
    private var total = 0
    private(set) var peakTotal = 0
    private(set) var peakPerKey: [String: Int] = [:]
    private(set) var order: [Int] = []
    private(set) var completed = 0

    func enter(_ key: String, index: Int) {
        running[key, default: 0] += 1
        total += 1
        peakTotal = max(peakTotal, total)
        peakPerKey[key] = max(peakPerKey[key] ?? 0, running[key]!)
        order.append(index)
    }

    func leave(_ key: String) {
        running[key, default: 0] -= 1
        total -= 1
        completed += 1
    }
}

/// Polls until `condition` holds (or fails the test after two seconds).
private func eventually(_ what: String, _ condition: () -> Bool) async throws {
    for _ in 0..<2000 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(1))
    }
    Issue.record("timed out waiting for: \(what)")
    throw CancellationError()
}

/// Holds one permit of `repository` until `release()`.
private struct Holder {
    let task: Task<Void, any Error>
    let release: @Sendable () -> Void

    init(_ limiter: GitSpawnLimiter, repository: String) {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        task = Task { try await limiter.withPermit(repository: repository) { for await _ in stream { break } } }
        release = { continuation.finish() }
    }
}

/// Starts a caller of `repository` that records its turn as `index`, and returns once `queued` holds.
private func enqueue(
    _ limiter: GitSpawnLimiter, _ repository: String, _ index: Int, _ occupancy: Occupancy, queued: () -> Bool
) async throws -> Task<Void, any Error> {
    let task = Task {
        try await limiter.withPermit(repository: repository) {
            await occupancy.enter(repository, index: index)
            await occupancy.leave(repository)
        }
    }
    try await eventually("waiter \(index) queued", queued)
    return task
}

@Suite("Bounded, fair git process spawning")
struct ConcurrencyTests {
    @Test func defaultsFollowTheCores() {
        let d = GitConcurrencyLimits.default
        #expect(d.overall == 2 * ProcessInfo.processInfo.activeProcessorCount + 2)
        #expect(d.perRepository == 4)
        #expect(GitConcurrencyLimits(overall: 0, perRepository: 9) == GitConcurrencyLimits(overall: 1, perRepository: 1))
    }

    @Test func concurrentCallersNeverExceedEitherLimitAndAllComplete() async throws {
        let limiter = GitSpawnLimiter(GitConcurrencyLimits(overall: 3, perRepository: 2))
        let occupancy = Occupancy()
        let keys = ["a", "b", "c", "d"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<80 {
                let key = keys[i % keys.count]
                group.addTask {
                    try await limiter.withPermit(repository: key) {
                        await occupancy.enter(key, index: i)
                        try await Task.sleep(for: .milliseconds(2))
                        await occupancy.leave(key)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await occupancy.completed == 80)
        #expect(await occupancy.peakTotal == 3)
        for key in keys { #expect((await occupancy.peakPerKey[key] ?? 0) <= 2) }
        #expect(limiter.overallCounts == (0, 0))
        #expect(limiter.counts(repository: "a") == (0, 0))
    }

    @Test func waitersAreServedInArrivalOrderAcrossRepositories() async throws {
        let limiter = GitSpawnLimiter(GitConcurrencyLimits(overall: 1, perRepository: 1))
        let holder = Holder(limiter, repository: "held")
        try await eventually("the holder runs") { limiter.overallCounts.running == 1 }
        let occupancy = Occupancy()
        var tasks: [Task<Void, any Error>] = []
        for i in 0..<12 {
            // Distinct repositories, so only the overall queue decides the order.
            tasks.append(try await enqueue(limiter, "r\(i)", i, occupancy) { limiter.overallCounts.waiting == i + 1 })
        }
        holder.release()
        for task in tasks { try await task.value }
        try await holder.task.value
        #expect(await occupancy.order == Array(0..<12))
    }

    @Test func aRepositoryQueueIsFIFOAndDoesNotBlockOthers() async throws {
        let limiter = GitSpawnLimiter(GitConcurrencyLimits(overall: 4, perRepository: 1))
        let holder = Holder(limiter, repository: "busy")
        try await eventually("the holder runs") { limiter.counts(repository: "busy").running == 1 }
        let occupancy = Occupancy()
        var tasks: [Task<Void, any Error>] = []
        for i in 0..<6 {
            tasks.append(try await enqueue(limiter, "busy", i, occupancy) { limiter.counts(repository: "busy").waiting == i + 1 })
        }
        // Another repository is not held up by the busy one's queue.
        try await limiter.withPermit(repository: "idle") { await occupancy.enter("idle", index: 100) }
        #expect(await occupancy.order == [100])
        holder.release()
        for task in tasks { try await task.value }
        #expect(await occupancy.order == [100] + Array(0..<6))
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let limiter = GitSpawnLimiter(GitConcurrencyLimits(overall: 1, perRepository: 1))
        let holder = Holder(limiter, repository: "held")
        try await eventually("the holder runs") { limiter.overallCounts.running == 1 }
        let cancelled = Task { try await limiter.withPermit(repository: "x") { "ran" } }
        try await eventually("the waiter queued") { limiter.overallCounts.waiting == 1 }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(limiter.overallCounts.waiting == 0)
        holder.release()
        try await holder.task.value
        #expect(try await limiter.withPermit(repository: "x") { "next" } == "next")
        #expect(limiter.overallCounts == (0, 0))
    }

    /// Real git commands queue on the repositories' limiter, and the number of live `git`
    /// processes (read from /proc, independently of the limiter) never exceeds the bound.
    @Test func gitCommandsOfARepositoryAreBounded() async throws {
        let dir = try TempDir()
        defer { dir.cleanup() }
        let repos = try GitRepositories(root: dir.path, concurrency: GitConcurrencyLimits(overall: 2, perRepository: 2))
        let path = try RepositoryPath("team/p/app")
        let repo = try await repos.create(
            path, readme: InitialReadme(content: "hi\n", author: GitIdentity(name: "T", email: "t@example.com")))

        // With every permit held, a command waits; it runs once a permit is free.
        let first = Holder(repos.limiter, repository: "h1"), second = Holder(repos.limiter, repository: "h2")
        try await eventually("both permits held") { repos.limiter.overallCounts.running == 2 }
        let read = Task { try await repo.resolveCommit("main") }
        try await eventually("the git command queued") { repos.limiter.overallCounts.waiting == 1 }
        first.release()
        #expect(try await read.value.count == 40)
        second.release()

        let watcher = Task { () -> Int in
            var peak = 0
            while !Task.isCancelled {
                peak = max(peak, Self.liveGitProcesses(touching: repo.directory))
                try? await Task.sleep(for: .microseconds(200))
            }
            return peak
        }
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<60 { group.addTask { try await repo.resolveCommit("main") } }
            var results = 0
            for try await sha in group where sha.count == 40 { results += 1 }
            #expect(results == 60)
        }
        watcher.cancel()
        let peak = await watcher.value
        #expect(peak <= 2)
    }

    /// `git` processes whose command line names `directory`.
    static func liveGitProcesses(touching directory: String) -> Int {
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        var count = 0
        for pid in pids where pid.allSatisfy(\.isNumber) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if args.first.map({ $0.hasSuffix("git") }) == true, args.contains("--git-dir=\(directory)") { count += 1 }
        }
        return count
    }
}
