import Foundation

/// Whole-file reads that keep no memory behind.
///
/// On Linux, Foundation (swift-foundation, Swift 6.3) reads a file whose size is 0 into a 4 KiB
/// buffer it never frees: every `String(contentsOf:)`, `Data(contentsOf:)` or
/// `FileManager.contents(atPath:)` of an empty file loses 4 KiB. A job's log is empty when it
/// begins and a step's output file usually stays empty, so each finished task lost a few KiB for
/// good. `FileHandle.readToEnd()` reads the same bytes without that buffer.
package enum WholeFile {
    /// The file's bytes; nil when it cannot be opened or read.
    package static func data(at url: URL) -> Data? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        do { return try handle.readToEnd() ?? Data() } catch { return nil }
    }

    /// At most the last `maxBytes` bytes of the file, read from there rather than from its start;
    /// nil when it cannot be opened or read.
    package static func tail(at url: URL, maxBytes: Int) -> Data? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        do {
            let size = try handle.seekToEnd(), limit = UInt64(max(0, maxBytes))
            try handle.seek(toOffset: size > limit ? size - limit : 0)
            // A file still being written may have grown since its size was taken.
            return (try handle.readToEnd() ?? Data()).prefix(Int(limit))
        } catch { return nil }
    }

    /// The file as UTF-8 text (invalid sequences repaired); nil when it cannot be read.
    package static func text(at url: URL) -> String? {
        data(at: url).map { String(decoding: $0, as: UTF8.self) }
    }
}
