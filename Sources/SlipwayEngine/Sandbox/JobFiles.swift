import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The server reads and writes files in a job directory the job's own (sandboxed, possibly
/// unprivileged) processes could have changed: each path must lead there without symbolic links,
/// or a job could make the server read or write a file outside its sandbox.
package enum JobFiles {
    /// Whether `url` and every directory from `jobDirectory` down to it are not symbolic links
    /// (components that do not exist yet are fine), and `url` lies under `jobDirectory`.
    static func isConfined(_ url: URL, to jobDirectory: URL) -> Bool {
        let root = lexical(jobDirectory.path)
        let path = lexical(url.path)
        guard path == root || path.hasPrefix(root + "/") else { return false }
        var current = root
        for component in path.dropFirst(root.count).split(separator: "/") {
            current += "/\(component)"
            var info = stat()
            if lstat(current, &info) != 0 { return errno == ENOENT }
            if info.st_mode & S_IFMT == S_IFLNK { return false }
        }
        return true
    }

    /// An absolute `path` with `.`, `..` and repeated slashes taken out, as written (links are
    /// not resolved): what `standardizedFileURL` gives, without parsing a URL each time.
    package static func lexical(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/") where component != "." {
            if component == ".." {
                _ = components.popLast()
            } else {
                components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// Whether `url` is a regular file reached without symbolic links.
    static func isConfinedRegularFile(_ url: URL, in jobDirectory: URL) -> Bool {
        var info = stat()
        return isConfined(url, to: jobDirectory) && lstat(url.path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// The first symbolic link inside the tree at `url` (relative path), if any.
    static func symbolicLink(inTree url: URL) -> String? {
        guard let walker = FileManager.default.enumerator(atPath: url.path) else { return nil }
        while let relative = walker.nextObject() as? String {
            var info = stat()
            if lstat(url.path + "/" + relative, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { return relative }
        }
        return nil
    }

    /// Write `text` to a new file at `path` (refused when anything, a link included, is there),
    /// without the `fsync` Foundation's writes add: a script a job runs next needs no
    /// durability, and the flush cost each job a disk round trip.
    static func writeNewFile(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw TreeError(path: path, code: errno) }
        defer { close(descriptor) }
        var rest = Array(text.utf8)[...]
        while !rest.isEmpty {
            let written = rest.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw TreeError(path: path, code: written < 0 ? errno : EIO) }
            rest = rest.dropFirst(written)
        }
    }
}
