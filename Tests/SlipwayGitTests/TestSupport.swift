import Foundation
import SlipwayCore
import Testing

@testable import SlipwayGit

/// A temporary directory removed by `cleanup()`.
struct TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-git-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the real `git` client without blocking a concurrency thread (the server under test
/// shares the pool): output goes to files, completion arrives through `terminationHandler`.
@discardableResult
func gitClient(_ args: [String], cwd: String, env extra: [String: String] = [:], check: Bool = true) async throws -> ProcessResult {
    let outFile = cwd + "/.." + "/out-" + UUID().uuidString
    let errFile = outFile + ".err"
    _ = FileManager.default.createFile(atPath: outFile, contents: nil)
    _ = FileManager.default.createFile(atPath: errFile, contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: outFile)
        try? FileManager.default.removeItem(atPath: errFile)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git"] + args
    process.currentDirectoryURL = URL(fileURLWithPath: cwd)
    var env = ProcessInfo.processInfo.environment
    for key in env.keys where key.hasPrefix("GIT_") { env[key] = nil }
    env.merge([
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": "Tess Ter", "GIT_AUTHOR_EMAIL": "tess@example.com",
        "GIT_COMMITTER_NAME": "Tess Ter", "GIT_COMMITTER_EMAIL": "tess@example.com", "LC_ALL": "C",
    ]) { $1 }
    env.merge(extra) { $1 }
    process.environment = env
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outFile))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errFile))
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch { continuation.resume(throwing: error) }
    }
    let result = ProcessResult(
        status: status, stdout: (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? "")
    if check && status != 0 {
        Issue.record("git \(args.joined(separator: " ")) failed (\(status)): \(result.stderr)")
        throw SlipwayError.internalError("git client failed: \(result.stderr)")
    }
    return result
}

let tester = GitIdentity(name: "Tess Ter", email: "tess@example.com")

/// Fresh storage root with one repository, cleaned up after `body`.
func withRepository<T>(
    readme: Bool = true, _ body: (GitRepositories, GitRepository, TempDir) async throws -> T
) async throws -> T {
    let dir = try TempDir()
    defer { dir.cleanup() }
    let repos = try GitRepositories(root: dir.path + "/repos")
    let repo = try await repos.create(
        try RepositoryPath("team/demo"), defaultBranch: "main",
        readme: readme ? InitialReadme(content: "# Demo\n", author: tester) : nil)
    return try await body(repos, repo, dir)
}

/// Writes files and commits them in a local work tree.
func commitFiles(_ files: [String: String], message: String, in work: String) async throws {
    for (name, content) in files {
        let url = URL(fileURLWithPath: work + "/" + name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: true, encoding: .utf8)
    }
    try await gitClient(["add", "-A"], cwd: work)
    try await gitClient(["commit", "-q", "-m", message], cwd: work)
}
