import Foundation
import SlipwayCore

/// A file of a repository checkout, read only when it stays inside the checkout: its path has no
/// `.` or `..` part, and once every symbolic link on the way is resolved it is still a regular
/// file under the checkout's own resolved directory, of at most `maxBytes`, in UTF-8.
enum CdCheckoutFile {
    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ path: String, in root: URL, maxBytes: Int) throws(Refused) -> String {
        guard CdScriptStage.isRelativePath(path) else { throw Refused(description: "\(path) is not a relative path in the repository") }
        guard let base = resolved(root.path) else { throw Refused(description: "the checkout is missing") }
        guard let target = resolved(root.appendingPathComponent(path).path) else {
            throw Refused(description: "\(path) is not in the repository at this ref")
        }
        guard target.hasPrefix(base + "/") else { throw Refused(description: "\(path) leads out of the repository (through a symbolic link)") }
        var info = stat()
        guard lstat(target, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw Refused(description: "\(path) is not a regular file") }
        guard Int(info.st_size) <= maxBytes else { throw Refused(description: "\(path) is larger than \(maxBytes) bytes") }
        guard let handle = FileHandle(forReadingAtPath: target) else { throw Refused(description: "\(path) cannot be read") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maxBytes + 1)) ?? Data()
        guard data.count <= maxBytes else { throw Refused(description: "\(path) is larger than \(maxBytes) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw Refused(description: "\(path) is not UTF-8 text") }
        return text
    }

    /// `path` with every symbolic link resolved; nil when it does not exist.
    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
