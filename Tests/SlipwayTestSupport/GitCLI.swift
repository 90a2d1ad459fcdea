import Foundation

package struct GitRun: Sendable {
    package let status: Int32
    package let stdout: String
    package let stderr: String
}

/// Runs the real `git` client, isolated from the machine's configuration and never prompting.
@discardableResult
package func runGit(_ args: [String], in directory: String, check: Bool = true) async throws -> GitRun {
    var env = ProcessInfo.processInfo.environment
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_CONFIG_GLOBAL"] = "/dev/null"
    env["GIT_ASKPASS"] = "/bin/false"
    env["GIT_AUTHOR_NAME"] = "Ada Pusher"
    env["GIT_AUTHOR_EMAIL"] = "ada@example.com"
    env["GIT_COMMITTER_NAME"] = "Ada Pusher"
    env["GIT_COMMITTER_EMAIL"] = "ada@example.com"
    let run = try await runProcess(["git"] + args, in: directory, environment: env)
    if check && run.status != 0 {
        throw GitCLIError(message: "git \(args.joined(separator: " ")) failed (\(run.status)): \(run.stderr)")
    }
    return run
}

/// Runs a program with output captured in files, waiting without blocking a concurrency thread
/// (blocking pipe reads would starve the cooperative pool the in-process server runs on).
package func runProcess(_ args: [String], in directory: String, environment: [String: String]? = nil) async throws -> GitRun {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coding-proc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    if let environment { process.environment = environment }
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do { try process.run() } catch {
            process.terminationHandler = nil
            continuation.resume(throwing: error)
        }
    }
    try? out.close()
    try? err.close()
    return GitRun(
        status: status, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}

package struct GitCLIError: Error, CustomStringConvertible {
    package let message: String

    package init(message: String) {
        self.message = message
    }

    package var description: String { message }
}

/// A scratch directory removed when the test ends.
package func withScratch<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coding-scratch-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try await body(dir)
}
