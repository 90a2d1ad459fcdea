import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Walking a job directory's tree without following a symbolic link the job left (a link is
/// removed or changed as itself, never what it points to), with an explicit stack: a job's
/// deep nesting costs memory, not the server's call stack.
extension JobFiles {
    /// Why a tree could not be walked or changed whole.
    package struct TreeError: Error, CustomStringConvertible {
        let path: String
        let code: Int32

        package var description: String { "\(path): \(String(cString: strerror(code)))" }
    }

    /// Visit every entry under (and including) `root`, children before their directory; `visit`
    /// gets the path and whether it is a directory. A missing root is an empty tree.
    package static func walk(_ root: String, _ visit: (String, Bool) throws -> Void) throws {
        var info = stat()
        if lstat(root, &info) != 0 {
            if errno == ENOENT { return }
            throw TreeError(path: root, code: errno)
        }
        // Directories whose children are already on the stack are marked `expanded`.
        var stack: [(path: String, isDirectory: Bool, expanded: Bool)] = [(root, info.st_mode & S_IFMT == S_IFDIR, false)]
        while let top = stack.popLast() {
            guard top.isDirectory, !top.expanded else {
                try visit(top.path, top.isDirectory)
                continue
            }
            stack.append((top.path, true, true))
            for child in try entries(of: top.path) { stack.append((child.path, child.isDirectory, false)) }
        }
    }

    /// The entries of the directory at `path` (not `.` and `..`), each with whether it is a
    /// directory itself (a link to one is not). Read with `readdir`: Foundation's listing costs
    /// several times as much, and a job directory is listed at every job's end.
    static func entries(of path: String) throws -> [(path: String, isDirectory: Bool)] {
        // O_NOFOLLOW: a directory swapped for a link since it was listed is refused, not followed.
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw TreeError(path: path, code: errno) }
        guard let directory = fdopendir(descriptor) else {
            let code = errno
            close(descriptor)
            throw TreeError(path: path, code: code)
        }
        defer { closedir(directory) }
        var found: [(path: String, isDirectory: Bool)] = []
        while let entry = readdir(directory) {
            let name = entryName(entry)
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isDirectory = lstat(child, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            }
            found.append((child, isDirectory))
        }
        return found
    }

    /// The name of a directory entry `readdir` returned.
    static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafePointer(to: &entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    /// Remove the tree at `path` (a missing one is fine).
    package static func removeTree(_ path: String) throws {
        try walk(path) { entry, isDirectory in
            if (isDirectory ? rmdir(entry) : unlink(entry)) != 0 && errno != ENOENT { throw TreeError(path: entry, code: errno) }
        }
    }

    /// Hand a job directory to the job user: the directory itself must change owner; below it,
    /// each entry that can (a job may have left entries it alone could change). It runs before
    /// every command of a job, so entries that are already the user's are left alone.
    package static func handOver(_ root: String, uid: UInt32, gid: UInt32) throws {
        guard isOwned(root, uid: uid, gid: gid) || lchown(root, uid, gid) == 0 else { throw TreeError(path: root, code: errno) }
        try? changeOwner(ofTree: root, uid: uid, gid: gid)
    }

    /// Hand every entry of the tree at `path` to `uid`:`gid` (links themselves, not their
    /// targets). An entry already theirs is not changed: `lchown` to the same owner still sets
    /// the inode's ctime and so writes it, for every file of a checkout at every step.
    package static func changeOwner(ofTree path: String, uid: UInt32, gid: UInt32) throws {
        try walk(path) { entry, _ in
            // An entry that cannot change stays as it is; the walk goes on.
            if !isOwned(entry, uid: uid, gid: gid) { _ = lchown(entry, uid, gid) }
        }
    }

    /// Whether the entry at `path` itself (a link, not its target) belongs to `uid`:`gid`.
    static func isOwned(_ path: String, uid: UInt32, gid: UInt32) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_uid == uid && info.st_gid == gid
    }
}
