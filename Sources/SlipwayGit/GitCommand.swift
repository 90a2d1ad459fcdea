import Foundation
import SlipwayCore
import SlipwayProcesses
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// What a finished `git` invocation produced.
struct GitOutput: Sendable {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String

    var succeeded: Bool { status == 0 }
    /// Standard output as text (lossy UTF-8).
    var text: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard output with one trailing newline removed.
    var trimmed: String {
        var s = text
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
    /// Non-empty output lines.
    var lines: [Substring] { text.split(separator: "\n", omittingEmptySubsequences: true) }
}

/// Runs `git` with an argument array (never a shell) against one repository directory.
///
/// The environment is the server's, minus anything that could redirect git elsewhere
/// (`GIT_DIR` and friends), plus `GIT_TERMINAL_PROMPT=0` and the global config disabled so a
/// developer's `~/.gitconfig` cannot change server behaviour.
struct GitCommand: Sendable {
    /// Absolute path of the bare repository (`--git-dir`).
    var gitDir: String
    /// Extra environment (e.g. `GIT_INDEX_FILE`, author identity, quarantine directories).
    var environment: [String: String] = [:]
    /// Bounds concurrent git processes (per `gitDir` and overall); nil runs without a bound.
    var limiter: GitSpawnLimiter?

    static let outputLimit = 256 * 1024 * 1024, errorLimit = 4 * 1024 * 1024

    /// The environment for a git child process.
    static func environment(adding extra: [String: String]) -> Subprocess.Environment {
        var updates: [Subprocess.Environment.Key: String?] = [
            "GIT_DIR": nil, "GIT_WORK_TREE": nil, "GIT_INDEX_FILE": nil,
            "GIT_OBJECT_DIRECTORY": nil, "GIT_ALTERNATE_OBJECT_DIRECTORIES": nil,
            "GIT_QUARANTINE_PATH": nil, "GIT_NAMESPACE": nil, "GIT_CEILING_DIRECTORIES": nil,
            "GIT_PROTOCOL": nil, "GIT_CONFIG_PARAMETERS": nil, "GIT_CONFIG_COUNT": nil,
            "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": nil, "GIT_AUTHOR_EMAIL": nil, "GIT_AUTHOR_DATE": nil,
            "GIT_COMMITTER_NAME": nil, "GIT_COMMITTER_EMAIL": nil, "GIT_COMMITTER_DATE": nil,
            "LC_ALL": "C", "LANG": "C",
        ]
        for (k, v) in extra { updates[Subprocess.Environment.Key(stringLiteral: k)] = v }
        return .inherit.updating(updates)
    }

    func adding(_ extra: [String: String]) -> GitCommand {
        var copy = self
        copy.environment.merge(extra) { $1 }
        return copy
    }

    /// Runs git and collects its output; a non-zero exit is returned, not thrown.
    func output(_ arguments: [String], input: [UInt8]? = nil) async throws -> GitOutput {
        if let limiter {
            return try await limiter.withPermit(repository: gitDir) { try await spawn(arguments, input: input) }
        }
        return try await spawn(arguments, input: input)
    }

    /// Git's input, output and error go through pipes of our own (`ChildPipe` says why); the
    /// input is written while both outputs are read, so no pipe can fill up and stall git.
    private func spawn(_ arguments: [String], input: [UInt8]?) async throws -> GitOutput {
        let args = ["--git-dir=\(gitDir)"] + arguments
        let env = Self.environment(adding: environment)
        do {
            let feed = try ChildPipe(childReads: true), output = try ChildPipe(childReads: false)
            let errors = try ChildPipe(childReads: false)
            if input == nil { feed.finish() }
            let result = try await Subprocess.run(
                .name("git"), arguments: Arguments(args), environment: env,
                input: .fileDescriptor(feed.childEnd, closeAfterSpawningProcess: true),
                output: .fileDescriptor(output.childEnd, closeAfterSpawningProcess: true),
                error: .fileDescriptor(errors.childEnd, closeAfterSpawningProcess: true)
            ) { execution in
                let process = execution.processIdentifier
                async let written: Void = {
                    if let input { _ = await feed.writeAll(input, to: process) }
                    feed.finish()
                }()
                async let stderr = errors.readAll(of: process, limit: Self.errorLimit)
                let stdout = try await output.readAll(of: process, limit: Self.outputLimit)
                await written
                return (stdout, try await stderr)
            }
            // A cancelled run's child was killed: what was read is not its whole output.
            try Task.checkCancellation()
            let (stdout, stderr) = result.closureResult
            guard let stdout, let stderr else {
                let (what, limit) = stdout == nil ? ("output", Self.outputLimit) : ("error output", Self.errorLimit)
                throw SlipwayError.internalError("git \(arguments.first ?? ""): its \(what) is over \(limit >> 20) MiB")
            }
            return GitOutput(status: result.terminationStatus.code, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
        } catch let error as SubprocessError {
            throw SlipwayError.internalError("git \(arguments.first ?? ""): \(error)")
        } catch let error as Errno {
            throw SlipwayError.internalError("git \(arguments.first ?? ""): \(error)")
        }
    }

    /// Runs git and throws `internalError` unless it exits 0.
    @discardableResult
    func run(_ arguments: [String], input: [UInt8]? = nil) async throws -> GitOutput {
        let out = try await output(arguments, input: input)
        guard out.succeeded else { throw Self.failure(arguments, out) }
        return out
    }

    static func failure(_ arguments: [String], _ out: GitOutput) -> SlipwayError {
        let message = out.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return .internalError("git \(arguments.first ?? "") failed (\(out.status)): \(message)")
    }
}
