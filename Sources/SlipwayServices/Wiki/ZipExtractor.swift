import Foundation
import SlipwayCore
import SlipwayEngine

/// Extracts the files of a checked ZIP archive (`ZipDirectory`) into a fresh directory with
/// Debian's `unzip`, one entry at a time, each under a file-size limit (`prlimit --fsize`) of
/// what is left of the budget: a header that understates a size cannot make more than the
/// limits land on disk. Any failure (a wrong CRC, an entry larger than declared) refuses the
/// whole archive and removes what was extracted.
package struct ZipExtractor: Sendable {
    package let limits: ZipLimits

    package init(limits: ZipLimits) {
        self.limits = limits
    }

    /// The files' contents by entry name (directories left out).
    package func extract(archive: String, directory: ZipDirectory, scratch: String) async throws -> [String: [UInt8]] {
        let staging = scratch + "/extract-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        var files: [String: [UInt8]] = [:], total: Int64 = 0
        for entry in directory.entries where !entry.isDirectory {
            let budget = min(limits.maxEntryBytes, limits.maxTotalBytes - total)
            let lines = Lines()
            let status = try await ProcessRunner().run(
                "prlimit", arguments: ["--fsize=\(max(budget, 1))", "unzip", "-qq", "-o", archive, entry.name, "-d", staging],
                environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C"], workingDirectory: staging
            ) { await lines.append($0) }
            let shown = String(entry.name.prefix(200))
            guard status == 0 else {
                let detail = await lines.text
                throw ZipDirectory.refuse("entry \(shown) could not be unpacked within \(budget) bytes (unzip: \(status) \(detail))")
            }
            let path = staging + "/" + entry.name
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { throw ZipDirectory.refuse("entry \(shown) is not a regular file") }
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            guard size == entry.size, size <= budget else {
                throw ZipDirectory.refuse("entry \(shown) unpacks to \(size) bytes, not the \(entry.size) its header declares")
            }
            total += size
            files[entry.name] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            try FileManager.default.removeItem(atPath: path)
        }
        return files
    }

    /// `unzip`'s output, bounded.
    actor Lines {
        var lines: [String] = []
        func append(_ line: String) { if lines.count < 5 { lines.append(String(line.prefix(200))) } }
        var text: String { lines.joined(separator: "; ") }
    }
}
