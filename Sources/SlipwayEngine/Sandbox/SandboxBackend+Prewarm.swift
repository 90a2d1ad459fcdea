import Foundation
import SlipwayCore

/// Sandboxes made ahead of their jobs. bubblewrap's mounts (and the RCU grace period the kernel
/// waits for when it detaches the old root) cost most of a short job's start; a sandbox made
/// while the previous stage runs takes that off the job's path. It waits in
/// `slipway-sandbox-init --command-stdin`, already limited and about to drop to the job user,
/// until the job's first command arrives on its standard input.
extension SandboxBackend {
    /// Make a sandbox for the job in `jobDirectory`, bound as a job's is: the caller's empty
    /// directory (the runner lays it out), made when missing. Needs `slipway-sandbox-init`;
    /// false without it.
    package func prewarm(jobDirectory: URL, placement: JobPlacement) -> Bool {
        guard warmStart, let initProgram, placement.labels.isEmpty, placement.image == nil, pool.count < SandboxPool.capacity else {
            return false
        }
        let path = jobDirectory.path
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            guard (try? FileManager.default.createDirectory(at: jobDirectory, withIntermediateDirectories: true)) != nil else { return false }
        }
        var arguments = layout(jobDirectory: path, workingDirectory: path) + ["--", initProgram] + limits.initOptions
        if let user { arguments += ["--user", "\(user.uid):\(user.gid)"] }
        arguments.append("--command-stdin")
        pool.keep(WarmSandbox(runner: runner, bubblewrap: bubblewrap, arguments: arguments, jobDirectory: path), for: path)
        return true
    }

    package func discardPrewarmed(jobDirectory: URL) {
        pool.claim(jobDirectory.path)?.discard()
    }

    /// The variables a warm sandbox's command gets: those a sandbox started on demand ends up
    /// with. Nothing passes through bubblewrap here, so loader variables need no deferring.
    func warmEnvironment(for command: JobCommand) -> [String: String] {
        var environment = command.environment
        setIdentity(in: &environment)
        return environment
    }

    /// Whether `initProgram` knows `--command-stdin`: given no command there, it says so.
    static func takesCommandsOnStandardInput(_ initProgram: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: initProgram)
        process.arguments = ["--command-stdin"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { return false }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 127 && said.contains("no command given on standard input")
    }
}
