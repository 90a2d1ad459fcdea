import Foundation
import SlipwayCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Scripts by their text (`JobCommand.script`): the sandbox's command block carries the text, and
/// `slipway-sandbox-init` writes it, as the job user, into the sandbox's private `/tmp`. No file
/// is made in (and removed from) the job directory on the host: on ext4 without a journal each
/// inode freed there made every file made in the next 30 to 60 seconds slower to allocate.
extension SandboxBackend {
    package func takesScripts(at placement: JobPlacement) -> Bool {
        scriptsByText && placement.labels.isEmpty && placement.image == nil
    }

    /// Run a command with its script: in the sandbox made ahead for its job, else in one made now
    /// that takes its command the same way. An init program that does not take scripts, or a
    /// block too large for it, gets the script as a file of the job directory instead.
    func run(
        _ command: JobCommand, script: JobScript, onStart: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        let input = WarmSandbox.encode(
            directory: command.workingDirectory, arguments: [command.executable] + command.arguments,
            environment: warmEnvironment(for: command), script: script)
        guard scriptsByText, let initInvocation, input.count <= WarmSandbox.largestBlock else {
            return try await runWithScriptFile(command, script, onStart: onStart, onLine: onLine)
        }
        if let warm = pool.claim(command.jobDirectory), let code = try await warm.run(input, onStart: onStart, onLine: onLine) {
            return code
        }
        let sandbox = WarmSandbox(
            runner: runner, launcher: launcher,
            arguments: waitingArguments(initInvocation, jobDirectory: command.jobDirectory, workingDirectory: command.workingDirectory),
            jobDirectory: command.jobDirectory)
        if let code = try await sandbox.run(input, onStart: onStart, onLine: onLine) { return code }
        // It ended before taking the command (nothing ran): a sandbox made on demand says why.
        return try await runWithScriptFile(command, script, onStart: onStart, onLine: onLine)
    }

    /// The script as a new file of the job directory, named by the script and removed after the
    /// run, given to the command as its last argument.
    func runWithScriptFile(
        _ command: JobCommand, _ script: JobScript, onStart: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        let file = URL(fileURLWithPath: command.jobDirectory, isDirectory: true).appendingPathComponent(script.name, isDirectory: false)
        guard !script.name.contains("/"), JobFiles.isConfined(file, to: URL(fileURLWithPath: command.jobDirectory, isDirectory: true)) else {
            throw SandboxUnavailable(message: "the script's name \(script.name.debugDescription) is not a file name")
        }
        try JobFiles.writeNewFile(script.text, to: file.path)
        defer { unlink(file.path) }
        var plain = command
        plain.script = nil
        plain.arguments.append(file.path)
        return try await run(plain, onStart: onStart, onLine: onLine)
    }
}
