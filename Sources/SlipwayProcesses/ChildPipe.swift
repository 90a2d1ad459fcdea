import SlipwayPipes
import Subprocess
import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A pipe to or from a child process that this server reads or writes itself (`PipeWatcher`
/// says when), instead of swift-subprocess's own: its `.sequence`, `.bytes` and `.string` output
/// and its `.inputWriter` and `.array` input. Those register the pipe in swift-subprocess's I/O
/// registry, and version 1.0.2 leaves an emptied set there, under the process's pid and pidfd,
/// whenever the I/O ends before the process's exit is seen: about 65 bytes a process, never taken
/// back (issue 12: the heap grew by that much per job, and per git command; found with
/// heaptrack). A descriptor given as `.fileDescriptor` is not registered.
///
/// As with swift-subprocess, reading stops when the child itself has ended, even if a process it
/// left behind still holds the pipe: what is in the pipe then is read (at most 1 MiB), nothing
/// more.
package final class ChildPipe: Sendable {
    /// The end this process reads or writes (non-blocking).
    package let ours: CInt
    /// The end the child gets; swift-subprocess closes it here once the child is started.
    package let theirs: CInt
    /// `theirs`, as swift-subprocess takes it.
    package var childEnd: FileDescriptor { FileDescriptor(rawValue: theirs) }
    private let open = Atomic(true)

    /// A pipe whose read end goes to the child (its standard input) when `childReads`, else
    /// whose write end does (its standard output). Both ends close on exec.
    package init(childReads: Bool) throws {
        Self.ignoreBrokenPipes
        let ends = try Self.between()
        (ours, theirs) = childReads ? (ends.write, ends.read) : (ends.read, ends.write)
        _ = fcntl(ours, F_SETFL, fcntl(ours, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        finish()
    }

    /// A pipe between two children (one's output is the other's input), both ends blocking and
    /// closed on exec from the start: made in one call, so no process another thread spawns
    /// meanwhile inherits an end (with `pipe` and then `fcntl`, one could). Returns the read end
    /// and the write end; whoever spawns the children closes them.
    package static func between() throws -> (read: CInt, write: CInt) {
        var ends: [CInt] = [-1, -1]
        guard slipway_pipe_cloexec(&ends) == 0 else { throw Errno(rawValue: errno) }
        return (ends[0], ends[1])
    }

    /// Close our end (once): after `writeAll`, the child reads the end of its input.
    package func finish() {
        if open.exchange(false, ordering: .relaxed) { close(ours) }
    }

    /// Every chunk read from our end, handed to `onBytes` in order, until the other end is
    /// closed by all who hold it, or the child `process` has ended (its pidfd). A chunk is at
    /// most 64 KiB.
    nonisolated(nonsending) package func readChunks(
        of process: ProcessIdentifier, _ onBytes: (ArraySlice<UInt8>) async throws -> Void
    ) async throws {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var ended = false
        // After the child's end, at most this much more is read: a process it left behind may
        // write without pause.
        var leftToDrain = Self.drainedAfterEnd
        while true {
            let count = buffer.withUnsafeMutableBytes { read(ours, $0.baseAddress, $0.count) }
            if count > 0 {
                try await onBytes(buffer.prefix(count))
                // A pipe that never runs dry never makes us wait: look at the child's end here.
                if !ended { ended = Self.hasEnded(process) }
                if ended {
                    leftToDrain -= count
                    if leftToDrain <= 0 { break }
                }
                continue
            }
            if count == 0 || ended || (errno != EAGAIN && errno != EINTR) { break }
            if errno == EINTR { continue }
            // The child ended (or epoll refused to wait): what is in the pipe now is read, then
            // no more is waited for.
            ended = await !pipeReady(for: PipeWatcher.readable, before: process)
        }
    }

    /// Every line read from our end, handed to `onLine` in order (`LineSplitter`), as `readChunks`
    /// reads them.
    nonisolated(nonsending) package func readLines(of process: ProcessIdentifier, _ onLine: (String) async -> Void) async throws {
        var splitter = LineSplitter()
        try await readChunks(of: process) { chunk in
            for line in try splitter.append(chunk) { await onLine(line) }
        }
        if let last = splitter.finish() { await onLine(last) }
    }

    /// What `readChunks` reads, whole, unless it is longer than `limit` bytes: then nil, as soon as
    /// that is known, and the child is killed (nothing more is read from it, so it would wait on
    /// a full pipe).
    nonisolated(nonsending) package func readAll(of process: ProcessIdentifier, limit: Int) async throws -> [UInt8]? {
        var bytes: [UInt8] = []
        do {
            try await readChunks(of: process) { chunk in
                guard bytes.count + chunk.count <= limit else { throw OverLimit() }
                bytes.append(contentsOf: chunk)
            }
        } catch is OverLimit {
            _ = kill(process.value, SIGKILL)
            return nil
        }
        return bytes
    }

    private struct OverLimit: Error {}

    /// Wait until our end is ready for `event` or the child has ended (its pidfd is readable);
    /// true when our end was first. False too when epoll refused to wait.
    private func pipeReady(for event: UInt32, before process: ProcessIdentifier) async -> Bool {
        await PipeWatcher.shared.ready(ours, for: event, orEndOf: process.processDescriptor) == ours
    }

    /// Whether the child has ended, without waiting: its pidfd is readable then.
    package static func hasEnded(_ process: ProcessIdentifier) -> Bool {
        guard process.processDescriptor >= 0 else { return false }
        var check = pollfd(fd: process.processDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&check, 1, 0) > 0
    }

    /// Writing to a pipe whose reader has gone must fail with EPIPE, not end the server.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// What is read at most once the child has ended: more than a pipe holds (64 KiB here).
    static let drainedAfterEnd = 1 << 20

    /// Write all of `bytes` to our end. False when the child closed its end or ended first.
    package func writeAll(_ bytes: [UInt8], to process: ProcessIdentifier) async -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(ours, $0.baseAddress! + written, $0.count - written) }
            if count > 0 {
                written += count
                continue
            }
            if count < 0 && errno == EINTR { continue }
            guard count < 0 && errno == EAGAIN else { return false }
            guard await pipeReady(for: PipeWatcher.writable, before: process) else { return false }
        }
        return true
    }
}
