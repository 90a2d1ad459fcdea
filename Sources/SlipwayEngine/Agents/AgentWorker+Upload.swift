import Foundation
import NIOCore

extension AgentWorker {
    /// The upload command (`AgentWork.uploadExecutable`): send the workspace path in its first
    /// argument to the server, each regular file under it at its path relative to the workspace.
    /// A path that is or holds a symbolic link is refused, as the server's own `archive` step does.
    func upload(_ command: JobCommand, lease: String, in directory: URL, log: @escaping @Sendable (String) async -> Void) async throws -> Int32 {
        guard let source = command.arguments.first, !source.isEmpty, !source.hasPrefix("/"), !source.split(separator: "/").contains("..") else {
            await log("archive: invalid path \(command.arguments.first ?? "")")
            return 2
        }
        let workspace = URL(fileURLWithPath: command.workingDirectory, isDirectory: true)
        let root = workspace.appendingPathComponent(source)
        guard JobFiles.isConfined(root, to: directory), JobFiles.symbolicLink(inTree: root) == nil else {
            await log("archive: \(source) is or contains a symbolic link")
            return 1
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            await log("archive: \(source) does not exist")
            return 1
        }
        var files = [source]
        if isDirectory.boolValue {
            let walker = FileManager.default.enumerator(atPath: root.path)
            files = []
            while let relative = walker?.nextObject() as? String {
                if JobFiles.isConfinedRegularFile(root.appendingPathComponent(relative), in: directory) { files.append(source + "/" + relative) }
            }
        }
        for path in files.sorted() {
            let data = try Data(contentsOf: workspace.appendingPathComponent(path))
            guard data.count <= AgentJobFiles.maxTransferSize else {
                await log("archive: \(path) is larger than \(AgentJobFiles.maxTransferSize >> 20) MiB")
                return 1
            }
            try await client.upload(lease: lease, path: path, bytes: ByteBuffer(bytes: data))
        }
        await log("archive: sent \(source) to the server (\(files.count) file(s))")
        return 0
    }
}
