import Foundation
import SlipwayProcesses
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs one command as its own session and process group, streaming merged stdout/stderr line by
/// line. Cancelling the calling task tears down the whole group (children and grandchildren).
package struct ProcessRunner: Sendable {
    /// Grace period between SIGTERM to the group and SIGKILL.
    package var gracePeriod: Duration

    package init(gracePeriod: Duration = .milliseconds(500)) {
        self.gracePeriod = gracePeriod
    }

    /// Run `executable` with `arguments`; each output line goes to `onLine`. Returns the exit code
    /// (128+signal when killed by a signal). Throws `CancellationError` when cancelled.
    package func run(
        _ executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        onStart: @escaping @Sendable (Int32) async -> Void = { _ in },
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)]
        var env: [Environment.Key: String] = [:]
        for (key, value) in environment { env[Environment.Key(stringLiteral: key)] = value }
        let executableRef: Executable = executable.hasPrefix("/") ? .path(FilePath(executable)) : .name(executable)
        // The output goes to a pipe of our own (`ChildPipe` says why).
        let output = try ChildPipe(childReads: false)
        let result = try await Subprocess.run(
            executableRef, arguments: Arguments(arguments), environment: .custom(env),
            workingDirectory: FilePath(workingDirectory), platformOptions: options,
            input: .none, output: .fileDescriptor(FileDescriptor(rawValue: output.theirs), closeAfterSpawningProcess: true),
            error: .combinedWithOutput
        ) { execution in
            await onStart(execution.processIdentifier.value)
            try await output.readLines(of: execution.processIdentifier, onLine)
        }
        try Task.checkCancellation()
        switch result.terminationStatus {
        case .exited(let code): return Int32(code)
        case .signaled(let signal): return 128 + Int32(signal)
        }
    }
}
