import Foundation
import NIOCore
import SlipwayCore
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
            guard gzip, let body else {
                return try await runGit(arguments: arguments, environment: env, body: body, write: write)
            }
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else {
                throw SlipwayError.internalError("pipe failed (errno \(errno))")
            }
            // Children spawned by Subprocess close stray descriptors anyway; this covers others.
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            let readEnd = FileDescriptor(rawValue: fds[0]), writeEnd = FileDescriptor(rawValue: fds[1])
            let result = try await Subprocess.run(
                .name("gzip"), arguments: ["-dc"], input: .inputWriter,
                output: .fileDescriptor(writeEnd, closeAfterSpawningProcess: true), error: .discarded
            ) { gunzip in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await feed(body, to: gunzip.standardInputWriter) }
                    let outcome = try await Subprocess.run(
                        .name("git"), arguments: Arguments(arguments), environment: env,
                        input: .fileDescriptor(readEnd, closeAfterSpawningProcess: true), output: .sequence,
                        error: .sequence
                    ) { execution in
                        try await pump(execution.standardOutput, execution.standardError, write: write)
                    }
                    try await group.waitForAll()
                    return Outcome(status: outcome.terminationStatus.code, stderr: outcome.closureResult)
                }
            }
            if !result.terminationStatus.isSuccess {
                return Outcome(status: 1, stderr: "request body is not valid gzip")
            }
            return result.closureResult
        } catch let error as SubprocessError {
            throw SlipwayError.internalError("git transport: \(error)")
        }
    }

    nonisolated(nonsending) private static func runGit<Body: AsyncSequence & Sendable>(
        arguments: [String], environment: Subprocess.Environment, body: Body?,
        write: (ByteBuffer) async throws -> Void
    ) async throws -> Outcome where Body.Element == ByteBuffer {
        let result = try await Subprocess.run(
            .name("git"), arguments: Arguments(arguments), environment: environment,
            input: .inputWriter, output: .sequence, error: .sequence
        ) { execution in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    if let body {
                        try await feed(body, to: execution.standardInputWriter)
                    } else {
                        try await execution.standardInputWriter.finish()
                    }
                }
                let stderr = try await pump(execution.standardOutput, execution.standardError, write: write)
                try await group.waitForAll()
                return stderr
            }
        }
        return Outcome(status: result.terminationStatus.code, stderr: result.closureResult)
    }

    /// Copies request chunks into a process's stdin, then closes it.
    private static func feed<Body: AsyncSequence>(_ body: Body, to writer: StandardInputWriter) async throws
    where Body.Element == ByteBuffer {
        for try await chunk in body where chunk.readableBytes > 0 {
            _ = try await writer.write(chunk.readableBytesSpan)
        }
        try await writer.finish()
    }

    /// Forwards stdout to `write` (in this task) while a child task keeps the first 64 KiB of
    /// stderr, so neither pipe can fill up and stall git.
    nonisolated(nonsending) private static func pump(
        _ stdout: SubprocessOutputSequence, _ stderr: SubprocessOutputSequence,
        write: (ByteBuffer) async throws -> Void
    ) async throws -> String {
        try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                let limit = 64 * 1024
                var kept: [UInt8] = []
                for try await chunk in stderr where kept.count < limit {
                    chunk.withUnsafeBytes { kept.append(contentsOf: $0.prefix(limit - kept.count)) }
                }
                return String(decoding: kept, as: UTF8.self)
            }
            for try await chunk in stdout {
                try await write(chunk.withUnsafeBytes { ByteBuffer(bytes: $0) })
            }
            return try await group.next() ?? ""
        }
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
