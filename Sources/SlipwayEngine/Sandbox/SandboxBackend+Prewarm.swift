import Foundation
import SlipwayCore

/// Sandboxes made ahead of their jobs. bubblewrap's mounts (and the RCU grace period the kernel
/// waits for when it detaches the old root) cost most of a short job's start; a sandbox made
/// while the previous stage runs takes that off the job's path. It waits in
/// `slipway-sandbox-init --command-stdin`, already limited and about to drop to the job user,
/// until the job's first command arrives on its standard input.
extension SandboxBackend {
    /// Make a sandbox for the job in `jobDirectory`, bound as a job's is: the caller's empty
    /// directory (the runner lays it out), made when missing. Needs the init (the program, or
    /// the launcher's `--as-init`); false without it.
    package func prewarm(jobDirectory: URL, placement: JobPlacement) -> Bool {
        guard warmStart, let initInvocation, placement.labels.isEmpty, placement.image == nil, pool.count < SandboxPool.capacity else {
            return false
        }
        let path = jobDirectory.path
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            guard (try? FileManager.default.createDirectory(at: jobDirectory, withIntermediateDirectories: true)) != nil else { return false }
        }
        let arguments = waitingArguments(initInvocation, jobDirectory: path, workingDirectory: path)
        pool.keep(WarmSandbox(runner: runner, launcher: launcher, arguments: arguments, jobDirectory: path), for: path)
        return true
    }

    /// The launcher's command line (bubblewrap's options) for a sandbox of the job in
    /// `jobDirectory` whose init waits with `--command-stdin` for its command (which names its own
    /// directory; the sandbox starts in `workingDirectory`, the job directory when made ahead).
    func waitingArguments(_ initInvocation: [String], jobDirectory path: String, workingDirectory: String) -> [String] {
        var arguments = layout(jobDirectory: path, workingDirectory: workingDirectory) + initInvocation + limits.initOptions
        if let user { arguments += ["--user", "\(user.uid):\(user.gid)"] }
        arguments.append("--command-stdin")
        return arguments
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

    /// What `program --features` says it takes (empty for one without the option, or one that
    /// fails it): the init program's, or the launcher's (`SandboxLauncher`).
    static func features(of program: String) -> Set<String> {
        guard let (status, said) = ask(program, "--features", reading: \.standardOutput), status == 0 else { return [] }
        return Set(said.split(whereSeparator: \.isWhitespace).map(String.init))
    }

    /// Whether `initProgram` knows `--command-stdin`: given no command there, it says so.
    static func takesCommandsOnStandardInput(_ initProgram: String) -> Bool {
        guard let (status, said) = ask(initProgram, "--command-stdin", reading: \.standardError) else { return false }
        return status == 127 && said.contains("no command given on standard input")
    }

    /// Run `initProgram option` with nothing on its standard input; its exit status and what it
    /// wrote to the one output `reading` names (the other is discarded). nil when it cannot start.
    private static func ask(
        _ initProgram: String, _ option: String, reading: ReferenceWritableKeyPath<Process, Any?>
    ) -> (status: Int32, said: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: initProgram)
        process.arguments = [option]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let said = Pipe()
        process[keyPath: reading] = said
        do { try process.run() } catch { return nil }
        let text = String(decoding: said.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
