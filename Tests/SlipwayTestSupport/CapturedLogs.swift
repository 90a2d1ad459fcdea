import Logging
import Synchronization

/// A logger whose entries are kept for a test to read (message, level and metadata as text).
package final class CapturedLogs: Sendable {
    package struct Entry: Sendable {
        package var level: Logger.Level
        package var message: String
        package var metadata: [String: String]

        /// The message and every metadata key and value, for checks of what a log may not carry.
        package var text: String { ([message] + metadata.map { "\($0.key)=\($0.value)" }).joined(separator: " ") }
    }

    private let stored = Mutex<[Entry]>([])

    package init() {}

    package var entries: [Entry] { stored.withLock { $0 } }

    /// A logger at `level` that keeps its entries here.
    package func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "captured") { _ in Handler(logs: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func keep(_ entry: Entry) { stored.withLock { $0.append(entry) } }

    private struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            logs.keep(Entry(level: event.level, message: "\(event.message)", metadata: all.mapValues { "\($0)" }))
        }
    }
}
