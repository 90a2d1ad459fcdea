import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Job directories (`workspace` and `outputs` inside), kept emptied for the next job instead of
/// removed and made again. Making a directory costs a file system far more than renaming one:
/// on ext4 without a journal (this project's CI machine) each new inode is looked for past every
/// inode freed in the last 30 to 60 seconds, and making and removing three directories a job
/// was a quarter of the server's CPU in the pipeline benchmark.
///
/// A directory is kept only once the job's processes have ended (a sandbox's end kills its whole
/// PID namespace), and only its two subdirectories stay, emptied: nothing a job wrote reaches
/// the next one. Kept directories live in `<data>/workspaces/.recycled`, the file system of
/// the job directories, so that taking one is a rename.
package final class JobDirectories: Sendable {
    /// How many emptied directories are kept at most.
    static let capacity = 64
    static let subdirectories = ["workspace", "outputs"]

    let pool: String
    private let state = Mutex(State())

    private struct State {
        var kept: [String] = []
        var next = 0
    }

    /// Directories a previous run of the server kept are removed: their state is not known.
    package init(dataDirectory: URL) {
        pool = dataDirectory.appendingPathComponent("workspaces/.recycled", isDirectory: true).path
        try? JobFiles.removeTree(pool)
    }

    /// Make `jobRoot` an empty job directory with empty `workspace` and `outputs`: a kept one
    /// renamed there, else made. Whatever was at `jobRoot` must be gone already.
    package func make(_ jobRoot: URL) throws {
        if let kept = state.withLock({ $0.kept.popLast() }) {
            if rename(kept, jobRoot.path) == 0 { return }
            if errno == ENOENT, mkdirParents(of: jobRoot), rename(kept, jobRoot.path) == 0 { return }
            try? JobFiles.removeTree(kept)
        }
        if mkdir(jobRoot.path, 0o755) != 0 {
            try FileManager.default.createDirectory(at: jobRoot, withIntermediateDirectories: true)
        }
        for name in Self.subdirectories {
            let directory = jobRoot.appendingPathComponent(name, isDirectory: true)
            if mkdir(directory.path, 0o755) != 0 && errno != EEXIST {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
        }
    }

    /// Take a finished job's directory back: emptied and kept when there is room, else removed.
    /// Throws only when it could neither be kept nor removed whole.
    package func recycle(_ jobRoot: URL) throws {
        let path = jobRoot.path
        guard state.withLock({ $0.kept.count < Self.capacity }), Self.empty(path) else {
            try JobFiles.removeTree(path)
            return
        }
        let name = state.withLock { state -> String in
            state.next += 1
            return "\(pool)/\(state.next)"
        }
        if rename(path, name) != 0 {
            guard errno == ENOENT, mkdir(pool, 0o700) == 0 || errno == EEXIST, rename(path, name) == 0 else {
                try JobFiles.removeTree(path)
                return
            }
        }
        state.withLock { $0.kept.append(name) }
    }

    /// How many emptied directories are kept now.
    package var keptCount: Int { state.withLock { $0.kept.count } }

    /// Leave only the empty `workspace` and `outputs` directories (real ones, not links) in
    /// `path`, with the modes a new job directory has. False when anything could not be removed.
    static func empty(_ path: String) -> Bool {
        guard !hasExtendedAttributes(path), let entries = try? JobFiles.entries(of: path) else { return false }
        for entry in entries {
            if entry.isDirectory && subdirectories.contains(where: { entry.path == path + "/" + $0 }) {
                guard !hasExtendedAttributes(entry.path), let children = try? JobFiles.entries(of: entry.path) else { return false }
                for child in children {
                    do { try JobFiles.removeTree(child.path) } catch { return false }
                }
                guard chmod(entry.path, 0o755) == 0 else { return false }
            } else {
                do { try JobFiles.removeTree(entry.path) } catch { return false }
            }
        }
        for name in subdirectories where mkdir(path + "/" + name, 0o755) != 0 && errno != EEXIST { return false }
        return chmod(path, 0o755) == 0
    }

    /// Whether the entry at `path` carries extended attributes (or ACLs): a job could leave
    /// data there for the next one, so such a directory is removed, not kept. Unknown counts
    /// as yes. `llistxattr` is not part of the Glibc module: it is looked up.
    static func hasExtendedAttributes(_ path: String) -> Bool {
        #if canImport(Glibc)
            typealias ListAttributes = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int
            guard let list = listAttributes else { return true }
            return unsafeBitCast(list, to: ListAttributes.self)(path, nil, 0) != 0
        #else
            return true
        #endif
    }

    #if canImport(Glibc)
        nonisolated(unsafe) private static let listAttributes: UnsafeMutableRawPointer? = {
            guard let program = dlopen(nil, RTLD_NOW) else { return nil }
            return dlsym(program, "llistxattr")
        }()
    #endif

    private func mkdirParents(of url: URL) -> Bool {
        (try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)) != nil
    }
}
