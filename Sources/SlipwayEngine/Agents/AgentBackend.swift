import Foundation
import SlipwayCore

/// Runs the commands of jobs that ask for agent labels on remote agents (`slipway agent`),
/// through an `AgentDispatcher`. Each command carries the small files the server wrote into the
/// job directory (and says when the server's workspace holds a checkout to fetch); the agent
/// answers with the exit code and the job's outputs.
package struct AgentBackend: ExecutionBackend {
    package let dispatcher: AgentDispatcher

    package init(dispatcher: AgentDispatcher) {
        self.dispatcher = dispatcher
    }

    package func prepare(jobDirectory: URL) throws {}

    package func run(
        _ command: JobCommand, onStart: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        // No process group is reported: the process runs on another machine, and the server must
        // never signal a local process group by that number after a restart.
        try await dispatcher.run(try Self.work(for: command), labels: command.placement.labels, logPosition: command.logPosition, onLine: onLine)
    }

    /// The command as an agent receives it, under a new lease, with the job directory's small
    /// top-level files. The job's key comes from (or is written to) its directory's marker.
    package static func work(for command: JobCommand) throws -> AgentWork {
        let directory = URL(fileURLWithPath: command.jobDirectory, isDirectory: true)
        return AgentWork(
            lease: UUID().uuidString.lowercased(), job: try AgentJobFiles.jobKey(in: directory), jobDirectory: command.jobDirectory,
            executable: command.executable, arguments: command.arguments, environment: command.environment,
            workingDirectory: command.workingDirectory,
            files: AgentJobFiles.collect(directory, outputs: false),
            image: command.placement.image, fetchWorkspace: AgentJobFiles.hasWorkspaceFiles(directory) ? true : nil,
            workspaceFiles: AgentJobFiles.argumentFiles(command.arguments, in: directory))
    }
}

extension AgentBackend {
    /// Why a job asking for `labels` waits (no online agent carries them all), for the task's
    /// `pending_reason`; nil when an agent can take it or no labels are asked for.
    package func waitingReason(labels: [String]) async -> String? {
        await dispatcher.waitingReason(labels: labels)
    }

    /// Whether the job run in `jobDirectory`, interrupted by a server restart, ran commands on an
    /// agent that are known again: the job then runs again from the start, each command answered
    /// from before (the one still running taken up), instead of failing.
    package func canResume(jobDirectory: URL) async -> Bool {
        await dispatcher.canResume(jobDirectory: jobDirectory)
    }

    /// For a job taken up after a restart: true while its executor is answered from before, when
    /// what it logs is already in its log.
    package func replayGate(jobDirectory: URL) -> @Sendable () async -> Bool {
        let dispatcher = self.dispatcher
        guard let job = AgentJobFiles.marker(in: jobDirectory) else { return { false } }
        return { await dispatcher.isReplaying(job: job) }
    }

    /// A new attempt of the job (its error policy retries it): a new job run, whose commands are
    /// numbered anew and may go to another agent.
    package static func newAttempt(jobDirectory: URL) {
        AgentJobFiles.forget(in: jobDirectory)
    }
}
