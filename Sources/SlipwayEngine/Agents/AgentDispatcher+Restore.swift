import Foundation
import SlipwayStore

/// How a command of a job run read back after a restart stands.
enum Replayed: Sendable, Equatable {
    /// It ended with this exit code.
    case exited(Int32)
    /// It could not run or its agent was lost.
    case failed(String)
    /// Its agent still runs it under this lease.
    case live(String)
}

extension AgentDispatcher {
    /// Read the kept leases once, before anything else uses the dispatcher.
    func restoreIfNeeded() async {
        guard let ledger else { return }
        if restoring == nil { restoring = Task { await self.restore(from: ledger) } }
        await restoring?.value
    }

    /// After a restart: every job run whose directory still holds its marker is known again, each
    /// ended command with its result and each running one under its lease, which waits for its
    /// job to take it up and for its agent to call (one lease's time from now). Job runs whose
    /// directory is gone or reused are forgotten.
    func restore(from ledger: AgentLeaseLedger) async {
        guard let records = try? await ledger.leases.all() else { return }
        let deadline = clock.now + settings.leaseDuration
        var stale: Set<String> = []
        for record in records {
            let directory = URL(fileURLWithPath: record.jobDirectory, isDirectory: true)
            guard AgentJobFiles.marker(in: directory) == record.job else {
                stale.insert(record.job)
                continue
            }
            let ordinal = Int(record.ordinal)
            if record.finished != 0 {
                replays[record.job, default: [:]][ordinal] =
                    record.exitCode.map { Replayed.exited(Int32(truncatingIfNeeded: $0)) } ?? Replayed.failed(record.error ?? "the command did not run")
                remember(finished: record.lease, batches: Int(record.nextBatch))
                continue
            }
            let work = AgentWork(
                lease: record.lease, job: record.job, jobDirectory: record.jobDirectory, executable: "", arguments: [], environment: [:],
                workingDirectory: record.jobDirectory, files: [], image: nil)
            leases[record.lease] = Lease(
                work: work, labels: [], agentID: record.agentId, agentName: record.agentName, instance: record.instance, ordinal: ordinal,
                deadline: deadline, nextBatch: Int(record.nextBatch), onLine: { _ in }, logPosition: nil, logLines: Int(record.logLines),
                restored: true)
            replays[record.job, default: [:]][ordinal] = .live(record.lease)
            bindings[record.job] = Binding(agentID: record.agentId, agentName: record.agentName, jobDirectory: directory)
            Task { await self.watch(lease: record.lease) }
        }
        for job in stale { ledger.enqueue { try await $0.delete(job: job) } }
    }

    /// Whether the job run in `jobDirectory` ran commands on an agent before a restart that are
    /// known again: then its executor runs again, answered from them (`run`), instead of failing.
    package func canResume(jobDirectory: URL) async -> Bool {
        await restoreIfNeeded()
        guard let job = AgentJobFiles.marker(in: jobDirectory) else { return false }
        return !(replays[job]?.isEmpty ?? true)
    }

    /// Whether the job run's executor is still being answered from before a restart (its log
    /// already holds what it says meanwhile).
    package func isReplaying(job: String) -> Bool {
        replays[job] != nil
    }

    /// The command `ordinal` of a job run read back after a restart, taken.
    func takeReplayed(job: String, ordinal: Int) -> Replayed? {
        guard var entries = replays[job], let replayed = entries.removeValue(forKey: ordinal) else { return nil }
        replays[job] = entries.isEmpty ? nil : entries
        return replayed
    }

    /// Answer a command from before a restart: its result, or the running lease taken up again.
    func answer(
        _ replayed: Replayed, logPosition: (@Sendable () async -> Int)?, onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        switch replayed {
        case .exited(let code): return code
        case .failed(let message): throw AgentProtocolError(message)
        case .live(let id): return try await adopt(id, logPosition: logPosition, onLine: onLine)
        }
    }

    /// Take up a lease read back after a restart: its logs and finish go to this caller from now
    /// on. Log lines of the batch the agent sends again that the log already has are skipped.
    func adopt(_ id: String, logPosition: (@Sendable () async -> Int)?, onLine: @escaping @Sendable (String) async -> Void) async throws -> Int32 {
        let position = await logPosition?()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard var lease = leases[id], lease.restored else {
                    return continuation.resume(throwing: AgentProtocolError("the agent's command was lost in a server restart"))
                }
                lease.restored = false
                lease.onLine = onLine
                lease.logPosition = logPosition
                if let position, lease.logLines >= 0 { lease.skipLines = max(0, position - lease.logLines) }
                lease.continuation = continuation
                leases[id] = lease
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// The lease's command is lost (`message` says why): its caller hears it, a job run read
    /// back after a restart will, and the store keeps it.
    func lose(_ id: String, _ message: String) {
        guard let lease = leases.removeValue(forKey: id) else { return }
        if lease.restored, replays[lease.work.job]?[lease.ordinal] != nil { replays[lease.work.job]?[lease.ordinal] = .failed(message) }
        lease.continuation?.resume(throwing: AgentProtocolError(message))
        ledger?.enqueue { try await $0.finish(lease: id, exitCode: nil, error: message) }
    }
}
