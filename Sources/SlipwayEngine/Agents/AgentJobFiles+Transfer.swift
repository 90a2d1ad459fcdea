import Foundation

/// Whole workspaces and artifacts between the server and an agent: a checkout the server made
/// travels to the agent as a tar of the workspace; an `archive` step's files travel back one by
/// one into the server's job directory, under `.slipway-upload/`, where the step keeps them.
extension AgentJobFiles {
    /// The largest workspace tar or uploaded file.
    package static let maxTransferSize = 512 << 20
    /// Where uploaded files land in the server's job directory.
    static let uploadDirectoryName = ".slipway-upload"

    /// Whether the job directory's workspace holds anything (a checkout done on the server).
    static func hasWorkspaceFiles(_ jobDirectory: URL) -> Bool {
        let workspace = jobDirectory.appendingPathComponent("workspace", isDirectory: true)
        return !((try? FileManager.default.contentsOfDirectory(atPath: workspace.path))?.isEmpty ?? true)
    }

    /// The job directory's workspace as a tar (links kept as links, never followed).
    package static func workspaceArchive(of jobDirectory: URL) async throws -> Data {
        let workspace = jobDirectory.appendingPathComponent("workspace", isDirectory: true)
        guard JobFiles.isConfined(workspace, to: jobDirectory) else { throw AgentProtocolError("the workspace is not a directory of the job") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-workspace-\(UUID().uuidString).tar")
        defer { try? FileManager.default.removeItem(at: file) }
        try await tar(["-cf", file.path, "-C", workspace.path, "."], in: workspace)
        guard let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int, size <= maxTransferSize else {
            throw AgentProtocolError("the workspace is larger than \(maxTransferSize >> 20) MiB")
        }
        return try Data(contentsOf: file)
    }

    /// Unpack a workspace tar from the server into `workspace`.
    static func unpackWorkspace(_ data: Data, into workspace: URL) async throws {
        let file = workspace.deletingLastPathComponent().appendingPathComponent(".slipway-workspace.tar", isDirectory: false)
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await tar(["-xf", file.path, "--no-same-owner", "-C", workspace.path], in: workspace)
    }

    static func tar(_ arguments: [String], in directory: URL) async throws {
        let messages = Messages()
        let code = try await ProcessRunner().run(
            "tar", arguments: arguments, environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C"], workingDirectory: directory.path,
            onLine: { await messages.add($0) })
        guard code == 0 else { throw AgentProtocolError("tar exited with code \(code): \(await messages.text)") }
    }

    /// Keep one uploaded file at `path` (relative, plain components) under the job directory's
    /// upload directory, never through a link. nil when kept; otherwise why not.
    package static func acceptUpload(_ data: Data, path: String, into jobDirectory: URL) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.count <= 64, path.utf8.count <= 4096,
            parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\0") })
        else { return "refused upload path \(path.debugDescription)" }
        let root = jobDirectory.appendingPathComponent(uploadDirectoryName, isDirectory: true)
        let url = parts.reduce(root) { $0.appendingPathComponent($1, isDirectory: false) }
        guard JobFiles.isConfined(url, to: jobDirectory) else {
            return "refused upload path \(path.debugDescription)"
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
            return nil
        } catch {
            return "could not keep \(path): \(error.localizedDescription)"
        }
    }

    /// Where an uploaded workspace path is kept in the server's job directory.
    static func uploaded(_ source: String, in jobDirectory: URL) -> URL {
        jobDirectory.appendingPathComponent(uploadDirectoryName, isDirectory: true).appendingPathComponent(source)
    }
}

/// Lines a helper process printed, for its error message.
actor Messages {
    private var lines: [String] = []
    func add(_ line: String) { if lines.count < 20 { lines.append(line) } }
    var text: String { lines.joined(separator: "; ") }
}
