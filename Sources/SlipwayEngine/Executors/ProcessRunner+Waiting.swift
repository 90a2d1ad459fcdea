import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// What a process started ahead of its command is handed once the command is known.
package struct WaitingAssignment: Sendable {
    /// Written to the process's standard input, which is then closed.
    package var input: [UInt8]
    package var onStart: @Sendable (Int32) async -> Void
    package var onLine: @Sendable (String) async -> Void
}

extension ProcessRunner {
    /// Start `executable` now, as `run` does (its own session and process group, merged output),
    /// with an empty environment; it waits on its standard input until the first assignment
    /// arrives, which gives that input and where the output lines go. With no assignment (the
    /// stream ends, or the calling task is cancelled) its standard input is closed unwritten and
    /// the process group is torn down. Returns the exit code as `run` does, or nil when the
    /// input could not be written (the process had ended): then nothing of the assignment ran.
    package func runWaiting(
        _ executable: String, arguments: [String], workingDirectory: String, assignments: AsyncStream<WaitingAssignment>
    ) async throws -> Int32? {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)]
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: .custom([:]),
            workingDirectory: FilePath(workingDirectory), platformOptions: options,
            input: .inputWriter, output: .sequence, error: .combinedWithOutput
        ) { execution in
            var next = assignments.makeAsyncIterator()
            guard let assignment = await next.next(), !Task.isCancelled else {
                try await execution.standardInputWriter.finish()
                for try await _ in execution.standardOutput {}
                return false
            }
            do {
                _ = try await execution.standardInputWriter.write(assignment.input)
                try await execution.standardInputWriter.finish()
            } catch {
                for try await _ in execution.standardOutput {}
                return false
            }
            await assignment.onStart(execution.processIdentifier.value)
            for try await line in execution.standardOutput.strings() {
                await assignment.onLine(line)
            }
            return true
        }
        try Task.checkCancellation()
        guard result.closureResult else { return nil }
        switch result.terminationStatus {
        case .exited(let code): return Int32(code)
        case .signaled(let signal): return 128 + Int32(signal)
        }
    }
}
