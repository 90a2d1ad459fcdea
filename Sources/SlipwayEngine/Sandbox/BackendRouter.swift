import Foundation
import SlipwayCore

/// Picks the backend for each command by its job's placement: agent labels go to the agents, an
/// image to the container backend, anything else to the server's own executor ("local").
/// A placement nothing here can serve fails the command with the reason; it never falls back to
/// running somewhere the job did not ask for.
package struct BackendRouter: ExecutionBackend {
    package let local: any ExecutionBackend
    package let container: (any ExecutionBackend)?
    package let agents: (any ExecutionBackend)?

    package init(local: any ExecutionBackend, container: (any ExecutionBackend)? = nil, agents: (any ExecutionBackend)? = nil) {
        self.local = local
        self.container = container
        self.agents = agents
    }

    /// The backend for `placement`, or why none can run it.
    package func backend(for placement: JobPlacement) -> Result<any ExecutionBackend, SandboxUnavailable> {
        if !placement.labels.isEmpty {
            guard let agents else {
                return .failure(
                    SandboxUnavailable(message: "the job asks for agent labels \(placement.labels.joined(separator: ",")), but this server runs no agents"))
            }
            return .success(agents)
        }
        if placement.image != nil {
            guard let container else {
                return .failure(SandboxUnavailable(message: "the job asks for an image, but no container runtime (podman) is available"))
            }
            return .success(container)
        }
        return .success(local)
    }

    /// Only the server's own executor makes anything ahead of a job.
    package func prewarm(jobDirectory: URL, placement: JobPlacement) -> Bool {
        guard placement.labels.isEmpty, placement.image == nil else { return false }
        return local.prewarm(jobDirectory: jobDirectory, placement: placement)
    }

    package func discardPrewarmed(jobDirectory: URL) {
        local.discardPrewarmed(jobDirectory: jobDirectory)
    }

    /// Only the server's own executor takes scripts by their text (the sandbox).
    package func takesScripts(at placement: JobPlacement) -> Bool {
        guard placement.labels.isEmpty, placement.image == nil else { return false }
        return local.takesScripts(at: placement)
    }

    package func waitingReason(labels: [String]) async -> String? {
        guard !labels.isEmpty else { return nil }
        return await agents?.waitingReason(labels: labels)
    }

    package func prepare(jobDirectory: URL) throws {
        try local.prepare(jobDirectory: jobDirectory)
    }

    package func run(
        _ command: JobCommand, onStart: @escaping @Sendable (Int32) async -> Void,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        try await backend(for: command.placement).get().run(command, onStart: onStart, onLine: onLine)
    }
}
