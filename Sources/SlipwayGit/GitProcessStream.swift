import Foundation
import NIOCore
import SlipwayCore
import SlipwayProcesses
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// Streams bytes through a long-running `git` process: request chunks go to its stdin as they
/// arrive, stdout chunks go to `write` as git produces them. Nothing is buffered beyond one
/// pipe-sized chunk, so packs of any size pass through in constant memory.
///
/// `write` is called from the calling task only (never a child task), so it may capture an
/// `inout` response writer such as Hummingbird's `ResponseBody { writer in … }`.
///
/// A gzip request body is decompressed by a `gzip -dc` process whose stdout is a kernel pipe
/// straight into git's stdin: no decompression buffer in Swift and no extra copy.
enum GitProcessStream {
    /// How a finished stream ended.
    struct Outcome: Sendable {
        var status: Int32
        var stderr: String
    }

    nonisolated(nonsending) static func run<Body: AsyncSequence & Sendable>(
        arguments: [String], environment: [String: String], body: Body?, gzip: Bool,
        write: (ByteBuffer) async throws -> Void
    ) async throws -> Outcome where Body.Element == ByteBuffer {
        let env = GitCommand.environment(adding: environment)
        do {
            // A pipe of our own (`ChildPipe` says why) takes the request to git, or to gzip.
            let input = try ChildPipe(childReads: true)
            guard gzip, let body else {
                if body == nil { input.finish() }
                return try await runGit(arguments, env, input: input.theirs, feeding: body.map { (input, $0) }, write: write)
            }
            // gzip's output to git's input. Children spawned by Subprocess close stray descriptors
            // anyway; closing on exec covers every other spawn.
            let between = try ChildPipe.between()
            let readEnd = FileDescriptor(rawValue: between.read), writeEnd = FileDescriptor(rawValue: between.write)
            let result = try await Subprocess.run(
                .name("gzip"), arguments: ["-dc"], input: .fileDescriptor(input.childEnd, closeAfterSpawningProcess: true),
                output: .fileDescriptor(writeEnd, closeAfterSpawningProcess: true), error: .discarded
            ) { gunzip in
                async let fed: Void = feed(body, to: input, of: gunzip.processIdentifier)
                let outcome = try await runGit(arguments, env, input: readEnd.rawValue, feeding: Optional<(ChildPipe, Body)>.none, write: write)
                try await fed
                return outcome
            }
            if !result.terminationStatus.isSuccess {
                return Outcome(status: 1, stderr: "request body is not valid gzip")
            }
            return result.closureResult
        } catch let error as SubprocessError {
            throw SlipwayError.internalError("git transport: \(error)")
        } catch let error as Errno {
            throw SlipwayError.internalError("git transport: \(error)")
        }
    }

    /// Runs git with `input` as its standard input (closed here once git has it), writing
    /// `feeding`'s body to its pipe when given, while git's output goes to `write` and its error
    /// output is kept.
    nonisolated(nonsending) private static func runGit<Body: AsyncSequence & Sendable>(
        _ arguments: [String], _ environment: Subprocess.Environment, input: CInt, feeding: (ChildPipe, Body)?,
        write: (ByteBuffer) async throws -> Void
    ) async throws -> Outcome where Body.Element == ByteBuffer {
        let output = try ChildPipe(childReads: false), errors = try ChildPipe(childReads: false)
        let result = try await Subprocess.run(
            .name("git"), arguments: Arguments(arguments), environment: environment,
            input: .fileDescriptor(FileDescriptor(rawValue: input), closeAfterSpawningProcess: true),
            output: .fileDescriptor(output.childEnd, closeAfterSpawningProcess: true),
            error: .fileDescriptor(errors.childEnd, closeAfterSpawningProcess: true)
        ) { execution in
            let process = execution.processIdentifier
            async let fed: Void = {
                if let feeding { try await feed(feeding.1, to: feeding.0, of: process) }
            }()
            async let stderr = keptErrors(errors, of: process)
            do {
                try await output.readChunks(of: process) { chunk in try await write(ByteBuffer(bytes: chunk)) }
            } catch {
                // The client went away: git, held on a full pipe, is ended, and with it the waits
                // of its input and error output, which are awaited as this scope is left.
                _ = kill(process.value, SIGKILL)
                throw error
            }
            try await fed
            return try await stderr
        }
        return Outcome(status: result.terminationStatus.code, stderr: result.closureResult)
    }

    /// Copies request chunks into a process's input, then closes it; stops early when the
    /// process closed its end or ended.
    private static func feed<Body: AsyncSequence>(_ body: Body, to input: ChildPipe, of process: ProcessIdentifier) async throws
    where Body.Element == ByteBuffer {
        defer { input.finish() }
        for try await chunk in body where chunk.readableBytes > 0 {
            guard await input.writeAll(Array(chunk.readableBytesView), to: process) else { return }
        }
    }

    /// The first 64 KiB of git's error output; the rest is read and dropped, so the pipe never
    /// fills up and stalls git.
    private static func keptErrors(_ errors: ChildPipe, of process: ProcessIdentifier) async throws -> String {
        let limit = 64 * 1024
        var kept: [UInt8] = []
        try await errors.readChunks(of: process) { chunk in kept.append(contentsOf: chunk.prefix(limit - kept.count)) }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Stands in for "no request body" in generic signatures.
    struct EmptyBody: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        struct AsyncIterator: AsyncIteratorProtocol {
            mutating func next() async throws -> ByteBuffer? { nil }
        }
        func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
    }
}

extension TerminationStatus {
    /// The exit code, or 128+signal for a killed process (the shell convention).
    var code: Int32 {
        switch self {
        case .exited(let code): return Int32(code)
        case .signaled(let signal): return 128 + Int32(signal)
        }
    }
}
