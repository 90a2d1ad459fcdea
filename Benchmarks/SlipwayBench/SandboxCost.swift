import Foundation
import SlipwayEngine

/// The sandbox's cost per job: the same one-process step (`/bin/true` in a fresh job directory)
/// run `count` times on the host and under bubblewrap; wall-clock milliseconds per run.
func measureSandboxCost(root: URL, count: Int) async throws -> (host: [Double], sandbox: [Double]) {
    let data = root.appendingPathComponent("sandbox-cost")
    let sandbox = try SandboxBackend(dataDirectory: data)
    let host = HostBackend()
    var figures: (host: [Double], sandbox: [Double]) = ([], [])
    for index in 0..<(2 * count) {
        let backend: any ExecutionBackend = index.isMultiple(of: 2) ? host : sandbox
        let job = data.appendingPathComponent("workspaces/bench/\(index)-job")
        let workspace = job.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        let command = JobCommand(
            "/bin/true", arguments: [], environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
            workingDirectory: workspace.path, jobDirectory: job.path)
        let start = ContinuousClock.now
        let code = try await backend.run(command, onStart: { _ in }, onLine: { _ in })
        let elapsed = ContinuousClock.now - start
        guard code == 0 else { throw SandboxUnavailable(message: "the bench command exited with \(code)") }
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        if index.isMultiple(of: 2) { figures.host.append(milliseconds) } else { figures.sandbox.append(milliseconds) }
        try? FileManager.default.removeItem(at: job)
    }
    return figures
}
