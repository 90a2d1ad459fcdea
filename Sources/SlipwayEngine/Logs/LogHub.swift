import Foundation
import SlipwayCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Identifies one job run's log.
package struct LogKey: Hashable, Sendable {
    package var workflowKey: String
    package var taskID: Int
    package var jobName: String

    package init(workflowKey: String, taskID: Int, jobName: String) {
        self.workflowKey = workflowKey
        self.taskID = taskID
        self.jobName = jobName
    }
}

/// One log line with its 1-based number (SSE event id, resume offset).
package struct LogLine: Sendable, Equatable {
    package var number: Int
    package var text: String
}

/// Job logs: an append-only file per job run, plus in-memory fan-out to live subscribers.
/// Every subscriber of a job is fed from the one writer; late subscribers replay from the file.
package actor LogHub {
    private let root: URL
    private var open: [LogKey: OpenLog] = [:]
    /// Watchers of jobs that have not started yet: fed from `begin`, or released when the task ends.
    private var pending: [LogKey: [UUID: (afterLine: Int, continuation: AsyncStream<LogLine>.Continuation)]] = [:]

    private final class OpenLog {
        let handle: FileHandle
        var count: Int
        var subscribers: [UUID: AsyncStream<LogLine>.Continuation] = [:]
        init(handle: FileHandle, count: Int) {
            self.handle = handle
            self.count = count
        }
    }

    package init(root: URL) {
        self.root = root
    }

    /// Where a job's log lives on disk.
    package nonisolated func file(for key: LogKey) -> URL {
        root.appendingPathComponent(Self.safe(key.workflowKey), isDirectory: true).appendingPathComponent(String(key.taskID), isDirectory: true)
            .appendingPathComponent(Self.safe(key.jobName) + ".log", isDirectory: false)
    }

    private static func safe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
            .replacingOccurrences(of: "..", with: "__")
    }

    /// Start (or continue, after a retry or restart) a job's log.
    package func begin(_ key: LogKey) throws {
        guard open[key] == nil else { return }
        let url = file(for: key)
        // The task's directory: made by its first job, there for the others.
        let directory = url.deletingLastPathComponent()
        if mkdir(directory.path, 0o755) != 0 && errno != EEXIST {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        // Opened (or created) for appending in one call; only a log that already has lines (a
        // retried or resumed job) is read to count them.
        #if canImport(Glibc)
            let descriptor = Glibc.open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        #else
            let descriptor = Musl.open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        #endif
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        var info = stat()
        let existing = fstat(descriptor, &info) == 0 && info.st_size == 0 ? 0 : Self.readLines(url).count
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let log = OpenLog(handle: handle, count: existing)
        open[key] = log
        for (id, watcher) in pending.removeValue(forKey: key) ?? [:] {
            replay(key, after: watcher.afterLine, upTo: existing, into: watcher.continuation)
            log.subscribers[id] = watcher.continuation
        }
    }

    /// Append one line (already masked) and hand it to every live subscriber.
    package func append(_ key: LogKey, _ text: String) {
        guard let log = open[key] else { return }
        let clean = text.replacingOccurrences(of: "\n", with: " ")
        log.handle.write(Data((clean + "\n").utf8))
        log.count += 1
        let line = LogLine(number: log.count, text: clean)
        for continuation in log.subscribers.values { continuation.yield(line) }
    }

    /// The job's log is complete: close the file and end every live stream.
    package func end(_ key: LogKey) {
        guard let log = open.removeValue(forKey: key) else { return }
        try? log.handle.close()
        for continuation in log.subscribers.values { continuation.finish() }
    }

    package func isLive(_ key: LogKey) -> Bool { open[key] != nil }

    /// How many lines an open log has (0 when it is not open).
    package func openLineCount(_ key: LogKey) -> Int { open[key]?.count ?? 0 }

    /// How many live subscribers a job's log has (all fed from its one writer).
    package func subscriberCount(_ key: LogKey) -> Int { open[key]?.subscribers.count ?? 0 }

    /// How many watchers wait for a job that has not begun.
    package func waitingCount(_ key: LogKey) -> Int { pending[key]?.count ?? 0 }

    /// Lines after `afterLine` (0 = from the start), then live lines until the job ends.
    /// For a finished job the stream replays the file and ends.
    /// With `waitForStart`, a job that has not begun keeps the stream open until it begins (then
    /// it follows it) or `releasePending` is called (then it replays what exists and ends).
    package func subscribe(_ key: LogKey, afterLine: Int, waitForStart: Bool = false) -> AsyncStream<LogLine> {
        let (stream, continuation) = AsyncStream<LogLine>.makeStream(bufferingPolicy: .unbounded)
        let id = UUID()
        continuation.onTermination = { [weak self] _ in
            Task { await self?.unsubscribe(key, id) }
        }
        if let log = open[key] {
            replay(key, after: afterLine, upTo: log.count, into: continuation)
            log.subscribers[id] = continuation
        } else if waitForStart {
            pending[key, default: [:]][id] = (afterLine, continuation)
        } else {
            replay(key, after: afterLine, upTo: Int.max, into: continuation)
            continuation.finish()
        }
        return stream
    }

    /// End the watchers still waiting for a job to begin: they get the log as it is and close.
    package func releasePending(_ key: LogKey) {
        for watcher in (pending.removeValue(forKey: key) ?? [:]).values {
            replay(key, after: watcher.afterLine, upTo: Int.max, into: watcher.continuation)
            watcher.continuation.finish()
        }
    }

    /// A task ended: no job of it that has not begun will begin now.
    package func releasePending(workflowKey: String, taskID: Int) {
        for key in pending.keys where key.workflowKey == workflowKey && key.taskID == taskID { releasePending(key) }
    }

    private func replay(_ key: LogKey, after: Int, upTo known: Int, into continuation: AsyncStream<LogLine>.Continuation) {
        for (index, text) in Self.readLines(file(for: key)).enumerated() where index + 1 > after && index + 1 <= known {
            continuation.yield(LogLine(number: index + 1, text: text))
        }
    }

    private func unsubscribe(_ key: LogKey, _ id: UUID) {
        open[key]?.subscribers.removeValue(forKey: id)
        pending[key]?.removeValue(forKey: id)
        if pending[key]?.isEmpty == true { pending.removeValue(forKey: key) }
    }

    /// The whole log as text ("" when there is none).
    package nonisolated func fullText(_ key: LogKey) -> String {
        WholeFile.text(at: file(for: key)) ?? ""
    }

    /// The end of the log, at most `maxBytes` of it, read from there and starting at a whole
    /// UTF-8 character ("" when there is none).
    package nonisolated func tailText(_ key: LogKey, maxBytes: Int) -> String {
        guard let data = WholeFile.tail(at: file(for: key), maxBytes: maxBytes) else { return "" }
        return String(decoding: data.drop { $0 & 0xC0 == 0x80 }, as: UTF8.self)
    }

    /// How many lines the last `n` are, for tail requests.
    package nonisolated func lineCount(_ key: LogKey) -> Int {
        Self.readLines(file(for: key)).count
    }

    static func readLines(_ url: URL) -> [String] {
        guard let text = WholeFile.text(at: url), !text.isEmpty else { return [] }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
