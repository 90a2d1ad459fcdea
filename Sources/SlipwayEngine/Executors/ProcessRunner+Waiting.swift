import Foundation
import SlipwayProcesses
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

    package init(input: [UInt8], onStart: @escaping @Sendable (Int32) async -> Void, onLine: @escaping @Sendable (String) async -> Void) {
        self.input = input
        self.onStart = onStart
        self.onLine = onLine
    }
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
        // Input and output go through pipes of our own (`ChildPipe` says why).
        let input = try ChildPipe(childReads: true)
        let output = try ChildPipe(childReads: false)
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: .custom([:]),
            workingDirectory: FilePath(workingDirectory), platformOptions: options,
            input: .fileDescriptor(FileDescriptor(rawValue: input.theirs), closeAfterSpawningProcess: true),
            output: .fileDescriptor(FileDescriptor(rawValue: output.theirs), closeAfterSpawningProcess: true),
            error: .combinedWithOutput
        ) { execution in
            let process = execution.processIdentifier
            var next = assignments.makeAsyncIterator()
            guard let assignment = await next.next(), !Task.isCancelled else {
                input.finish()
                try await output.readLines(of: process) { _ in }
                return false
            }
            let written = await input.writeAll(assignment.input, to: process)
            input.finish()
            guard written else {
                try await output.readLines(of: process) { _ in }
                return false
            }
            await assignment.onStart(process.value)
            try await output.readLines(of: process, assignment.onLine)
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
