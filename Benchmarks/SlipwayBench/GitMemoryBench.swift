import Foundation
import SlipwayCore
import SlipwayGit

/// `--git-memory [--commands N]`: what the heap keeps for each git process the server runs, one
/// at a time after a warm-up. Two kinds: a command whose output is collected (`GitCommand`, as
/// the CODING git API and the triggers run them), and a smart-HTTP ref advertisement
/// (`GitProcessStream`, as every clone, fetch and push begins). A process should leave nothing.
enum GitMemoryBench {
    static func run(_ options: BenchOptions) async throws {
        let count = options.value(of: "--commands").flatMap(Int.init) ?? (options.quick ? 1000 : 5000)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-bench-git-\(UUID().uuidString)")
        defer { if !options.keepFiles { try? FileManager.default.removeItem(at: root) } }
        let repos = try GitRepositories(root: root.path)
        let author = GitIdentity(name: "Bench", email: "bench@example.com")
        let repo = try await repos.create(try RepositoryPath("bench/memory"), readme: InitialReadme(content: "# Memory\n", author: author))
        let smart = GitSmartHTTP(repositories: repos)
        let kinds: [(name: String, once: () async throws -> Void)] = [
            ("git command, output collected (rev-parse)", { _ = try await repo.resolveCommit("main") }),
            (
                "smart-HTTP ref advertisement, streamed",
                { try await smart.advertiseRefs(service: .uploadPack, repository: repo.path, gitProtocol: nil) { _ in } }
            ),
        ]
        report("git processes measured", "\(count) of each kind, one at a time, after 200 to warm up")
        for kind in kinds {
            for _ in 0..<200 { try await kind.once() }
            let before = heapMiB().inUse, start = ContinuousClock.now
            for _ in 0..<count { try await kind.once() }
            let elapsed = seconds(since: start), grown = (heapMiB().inUse - before) * 1_048_576
            report(
                "heap in use growth per \(kind.name) (bytes)",
                String(format: "%.1f  (%.0f KiB over %d; %.0f a second)", grown / Double(count), grown / 1024, count, Double(count) / elapsed))
        }
        if options.keepFiles { report("repositories kept", root.path) }
    }
}
