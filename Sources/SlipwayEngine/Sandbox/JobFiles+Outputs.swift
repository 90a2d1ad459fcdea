import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Files a job wrote, read by the server: its outputs (what it left in its `outputs` directory,
/// once it has ended), and any one file, bounded and never through a link.
extension JobFiles {
    /// How much of each output file is read (the rest is ignored).
    static let outputLimit = 65_536

    /// Each regular file directly in `directory` whose name does not start with ".", as text
    /// (its first 64 KiB, trimmed). A sandboxed job could swap the directory or a file for a
    /// link to the server's files, or for a FIFO: links are not followed (the directory's own
    /// name included), FIFOs are not waited on, and only regular files are read. A missing
    /// directory (a job may remove it) means no outputs.
    package static func readOutputs(_ directory: String) -> [String: String] {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return [:] }
        guard let stream = fdopendir(descriptor) else {
            close(descriptor)
            return [:]
        }
        defer { closedir(stream) }
        var outputs: [String: String] = [:]
        while let entry = readdir(stream) {
            let name = entryName(entry)
            guard !name.hasPrefix("."), let text = readOutput(name, in: dirfd(stream)) else { continue }
            outputs[name] = text
        }
        return outputs
    }

    /// The file `name` of the open directory `directory` as trimmed text, when it is a regular
    /// file (nil otherwise, or when it cannot be read).
    private static func readOutput(_ name: String, in directory: Int32) -> String? {
        readRegularFile(name, relativeTo: directory, limit: outputLimit).map {
            String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// At most the first `limit` bytes of the regular file at `path` (relative to the open
    /// directory `directory`, or absolute): nil when it is a link (not followed), a FIFO or
    /// device (not waited on), anything but a regular file, or cannot be read. For files a job
    /// wrote, which the server reads.
    package static func readRegularFile(_ path: String, relativeTo directory: Int32 = AT_FDCWD, limit: Int) -> [UInt8]? {
        let file = openat(directory, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let capacity = min(max(Int(info.st_size), 0), limit)
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while count < capacity {
            let got = bytes.withUnsafeMutableBytes { read(file, $0.baseAddress! + count, capacity - count) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 { return nil }
            if got == 0 { break }
            count += got
        }
        return Array(bytes[..<count])
    }
}
