import Foundation

/// The files that travel between the server's job directory and an agent's copy of it: the
/// small files at the top of the job directory (step scripts, step output files) both ways, and
/// the job's `outputs/` files from the agent back. Workspaces stay where the job runs.
package enum AgentJobFiles {
    /// The file that names the job run a server-side job directory belongs to.
    static let markerName = ".slipway-agent-job"
    /// Files larger than this stay behind.
    static let maxFileSize = 1 << 20
    /// At most this many bytes travel per call (the request limit is 8 MiB, base64 adds a third).
    static let maxTotalSize = 4 << 20

    /// The job run's key, from the marker in its directory; a fresh directory gets a new one.
    static func jobKey(in directory: URL) throws -> String {
        if let key = marker(in: directory) { return key }
        let key = UUID().uuidString.lowercased()
        let file = directory.appendingPathComponent(markerName, isDirectory: false)
        guard JobFiles.isConfined(file, to: directory) else { throw AgentProtocolError("the job directory is not usable") }
        try Data(key.utf8).write(to: file, options: .atomic)
        return key
    }

    /// Remove the directory's marker: its next agent command starts a new job run.
    static func forget(in directory: URL) {
        let file = directory.appendingPathComponent(markerName, isDirectory: false)
        guard JobFiles.isConfined(file, to: directory) else { return }
        unlink(file.path)
    }

    /// The key in the directory's marker; nil when the directory or marker is gone.
    static func marker(in directory: URL) -> String? {
        let file = directory.appendingPathComponent(markerName, isDirectory: false)
        guard JobFiles.isConfinedRegularFile(file, in: directory), let data = try? Data(contentsOf: file) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The regular files at the top of `directory` (and in its `outputs/` when `outputs`), marker excluded.
    package static func collect(_ directory: URL, outputs: Bool) -> [AgentFile] {
        var files: [AgentFile] = []
        var total = 0
        func add(_ relative: String) {
            let url = directory.appendingPathComponent(relative, isDirectory: false)
            guard JobFiles.isConfinedRegularFile(url, in: directory),
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int), size <= maxFileSize,
                total + size <= maxTotalSize, let data = try? Data(contentsOf: url)
            else { return }
            total += data.count
            files.append(AgentFile(path: relative, data: data))
        }
        let top = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in top.sorted() where name != markerName { add(name) }
        if outputs {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("outputs").path)) ?? []
            for name in names.sorted() { add("outputs/" + name) }
        }
        return files
    }

    /// Files a command names as arguments at the top of the job's workspace (a pipeline step's
    /// script), by name.
    static func argumentFiles(_ arguments: [String], in directory: URL) -> [AgentFile] {
        let workspace = directory.appendingPathComponent("workspace", isDirectory: true).path + "/"
        return arguments.compactMap { argument in
            guard argument.hasPrefix(workspace), !argument.dropFirst(workspace.count).contains("/") else { return nil }
            let url = URL(fileURLWithPath: argument, isDirectory: false)
            guard JobFiles.isConfinedRegularFile(url, in: directory),
                let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int), size <= maxFileSize,
                let data = try? Data(contentsOf: url)
            else { return nil }
            return AgentFile(path: url.lastPathComponent, data: data)
        }
    }

    /// Write `files` into `directory`: top-level names and `outputs/<name>` only, never through a
    /// link. nil when written; otherwise what was refused.
    package static func accept(_ files: [AgentFile], into directory: URL) -> String? {
        for file in files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let valid =
                (parts.count == 1 || (parts.count == 2 && parts[0] == "outputs"))
                && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") } && parts.last != markerName
            guard valid, let data = file.bytes else { return "refused file \(file.path.debugDescription)" }
            let url = directory.appendingPathComponent(file.path, isDirectory: false)
            guard JobFiles.isConfined(url, to: directory) else { return "refused file \(file.path.debugDescription)" }
            do {
                if parts.count == 2 {
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                }
                try data.write(to: url, options: .atomic)
            } catch {
                return "could not write \(file.path): \(error.localizedDescription)"
            }
        }
        return nil
    }
}
