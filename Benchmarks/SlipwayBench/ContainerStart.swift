import Foundation
import SlipwayCore
import SlipwayEngine

/// Section "container": how long a job takes to start in a container (podman + runc, the tiny
/// busybox image imported here, nothing pulled) against the bubblewrap sandbox: from `run` to the
/// step's first log line, runs interleaved.
func reportContainerStart(_ bench: BenchEnvironment, count: Int) async throws {
    let data = bench.root.appendingPathComponent("container-start")
    guard let container = ContainerBackend.ifAvailable(dataDirectory: data) else {
        report("container job start", "not measured: podman is not installed")
        return
    }
    let image = "localhost/slipway-bench-busybox:1"
    try importBusyboxImage(image, work: data.appendingPathComponent("image"))
    let sandbox = try SandboxBackend(dataDirectory: data)
    var figures: (sandbox: [Double], container: [Double]) = ([], [])
    for index in 0..<(2 * count) {
        let inContainer = !index.isMultiple(of: 2)
        let job = data.appendingPathComponent("workspaces/bench/\(index)-job")
        let workspace = job.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        let command = JobCommand(
            "/bin/sh", arguments: ["-c", "echo started"], environment: ["PATH": "/usr/local/bin:/usr/bin:/bin"],
            workingDirectory: workspace.path, jobDirectory: job.path, placement: JobPlacement(image: inContainer ? image : nil))
        let backend: any ExecutionBackend = inContainer ? container : sandbox
        let firstLine = FirstLine()
        let start = ContinuousClock.now
        let code = try await backend.run(command, onStart: { _ in }, onLine: { _ in await firstLine.mark() })
        guard code == 0, let at = await firstLine.at else { throw ContainerUnavailable("the bench step exited with \(code)") }
        let elapsed = at - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        if inContainer { figures.container.append(milliseconds) } else { figures.sandbox.append(milliseconds) }
        try? FileManager.default.removeItem(at: job)
    }
    report(
        "job start → first log line, sandbox, p50 / p99 (ms)",
        String(format: "%.1f / %.1f  (n=%d)", percentile(figures.sandbox, 0.5), percentile(figures.sandbox, 0.99), figures.sandbox.count))
    report(
        "job start → first log line, container, p50 / p99 (ms)",
        String(format: "%.1f / %.1f  (n=%d)", percentile(figures.container, 0.5), percentile(figures.container, 0.99), figures.container.count))
}

/// When the first line arrived.
private actor FirstLine {
    var at: ContinuousClock.Instant?
    func mark() { if at == nil { at = .now } }
}

/// `podman import` of a root filesystem holding busybox-static and its `sh`/`echo` links.
private func importBusyboxImage(_ reference: String, work: URL) throws {
    let bin = work.appendingPathComponent("root/bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try? FileManager.default.copyItem(atPath: "/bin/busybox", toPath: bin.appendingPathComponent("busybox").path)
    for applet in ["sh", "echo"] {
        try? FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent(applet).path, withDestinationPath: "busybox")
    }
    let archive = work.appendingPathComponent("rootfs.tar").path
    for arguments in [["tar", "-C", work.appendingPathComponent("root").path, "-cf", archive, "."], ["podman", "import", "-q", archive, reference]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ContainerUnavailable("\(arguments[0]) failed building the bench image") }
    }
}
