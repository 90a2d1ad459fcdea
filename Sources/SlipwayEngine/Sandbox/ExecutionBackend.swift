import Foundation
import SlipwayCore

/// One process a job step starts: what to run, with what, where.
package struct JobCommand: Sendable {
    package var executable: String
    package var arguments: [String]
    package var environment: [String: String]
    /// Where the process starts (inside the job directory).
    package var workingDirectory: String
    /// The job's own directory (workspace, outputs, step files): the only place a sandboxed
    /// process may write to.
    package var jobDirectory: String
    /// Where the job asks to run (container image, agent labels); `BackendRouter` picks the backend by it.
    package var placement: JobPlacement
    /// The job log's line count now (agents take a command up again after a server restart by it).
    package var logPosition: (@Sendable () async -> Int)?
    /// A script handed over by its text: the backend writes it where the process can read it
    /// and gives its path to `executable` as the last argument. Set only for a backend that
    /// `takesScripts` at the command's placement (the others get a file in the job directory).
    package var script: JobScript?

    package init(
        _ executable: String, arguments: [String], environment: [String: String], workingDirectory: String, jobDirectory: String,
        placement: JobPlacement = JobPlacement()
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.jobDirectory = jobDirectory
        self.placement = placement
    }
}

/// A shell script by its text, and the name its file gets.
package struct JobScript: Sendable, Equatable {
    /// A file name (no `/`), unique to the run: `.<job>-<random>.sh`.
    package var name: String
    package var text: String

    package init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// Where job processes run: on the host as the server's user (`HostBackend`) or in a bubblewrap
/// sandbox (`SandboxBackend`). Every step that starts a process goes through one.
/// Cancelling the calling task tears down everything the command started.
package protocol ExecutionBackend: Sendable {
    /// Make the job directory usable by the processes that will run in it (ownership).
    func prepare(jobDirectory: URL) throws

    /// Run `command`; each merged stdout/stderr line goes to `onLine`. Returns the exit code
    /// (128+signal when killed by a signal). Throws `CancellationError` when cancelled.
    func run(
        _ command: JobCommand, onStart: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32

    /// Make ready, ahead of need, what the first command of a job in `jobDirectory` placed at
    /// `placement` will run in. Returns whether something was made (then the job directory
    /// exists, and is the one `discardPrewarmed` or the job's first command ends).
    func prewarm(jobDirectory: URL, placement: JobPlacement) -> Bool

    /// Give up what `prewarm` made for `jobDirectory`, whose job will not run.
    func discardPrewarmed(jobDirectory: URL)

    /// Why a command asking for agent `labels` would wait now (no online agent carries them);
    /// nil when it would not.
    func waitingReason(labels: [String]) async -> String?

    /// Whether a command at `placement` may carry its script by its text (`JobCommand.script`)
    /// instead of naming a file of the job directory.
    func takesScripts(at placement: JobPlacement) -> Bool
}

extension ExecutionBackend {
    /// Most backends have nothing worth making ahead of a job.
    package func prewarm(jobDirectory: URL, placement: JobPlacement) -> Bool { false }

    package func discardPrewarmed(jobDirectory: URL) {}

    /// Only the agents' backend makes commands wait for an agent.
    package func waitingReason(labels: [String]) async -> String? { nil }

    /// Scripts are files of the job directory unless a backend says otherwise.
    package func takesScripts(at placement: JobPlacement) -> Bool { false }
}

extension ExecutionBackend {
    /// Run a command of `context`'s job, logging to its log and recording its process group.
    func run(
        _ executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        context: JobContext
    ) async throws -> Int32 {
        var command = JobCommand(
            executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            jobDirectory: context.jobDirectory.path, placement: context.plan.placement)
        command.logPosition = context.logPosition
        return try await run(command, onStart: context.processStarted, onLine: context.log)
    }
}

/// Processes run directly on the host as the server's user: the opt-out for a trusted
/// single-user install (`--executor host`).
package struct HostBackend: ExecutionBackend {
    let runner: ProcessRunner

    package init(runner: ProcessRunner = ProcessRunner()) {
        self.runner = runner
    }

    package func prepare(jobDirectory: URL) throws {}

    package func run(
        _ command: JobCommand, onStart: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        try await runner.run(
            command.executable, arguments: command.arguments, environment: command.environment,
            workingDirectory: command.workingDirectory, onStart: onStart, onLine: onLine)
    }
}

/// Which backend runs job processes (`--executor`).
package enum ExecutorKind: String, Sendable, CaseIterable {
    /// bubblewrap: private mount, PID, IPC and UTS namespaces; only the job directory is writable.
    case sandbox
    /// Directly on the host, as the server's user.
    case host
}

/// The sandbox was selected but cannot run: every command fails with the reason, nothing runs
/// unconfined.
struct UnavailableBackend: ExecutionBackend {
    let reason: String

    func prepare(jobDirectory: URL) throws {
        throw SandboxUnavailable(message: reason)
    }

    func run(
        _ command: JobCommand, onStart: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        throw SandboxUnavailable(message: reason)
    }
}
