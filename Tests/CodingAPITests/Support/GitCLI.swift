import Foundation

struct GitRun: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs the real `git` client, isolated from the machine's configuration and never prompting.
@discardableResult
func runGit(_ args: [String], in directory: String, check: Bool = true) async throws -> GitRun {
    try await Task.detached {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + args
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_ASKPASS"] = "/bin/false"
        env["GIT_AUTHOR_NAME"] = "Ada Pusher"
        env["GIT_AUTHOR_EMAIL"] = "ada@example.com"
        env["GIT_COMMITTER_NAME"] = "Ada Pusher"
        env["GIT_COMMITTER_EMAIL"] = "ada@example.com"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        async let o = out.fileHandleForReading.readToEnd()
        async let e = err.fileHandleForReading.readToEnd()
        let (od, ed) = try await (o, e)
        process.waitUntilExit()
        let run = GitRun(
            status: process.terminationStatus, stdout: String(decoding: od ?? Data(), as: UTF8.self),
            stderr: String(decoding: ed ?? Data(), as: UTF8.self))
        if check && run.status != 0 {
            throw GitCLIError(message: "git \(args.joined(separator: " ")) failed (\(run.status)): \(run.stderr)")
        }
        return run
    }.value
}

struct GitCLIError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A scratch directory removed when the test ends.
func withScratch<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coding-scratch-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try await body(dir)
}
