import Foundation

extension AgentDispatcher {
    /// The agent is alive and still runs `leaseIDs`: renew them. nil: connect again.
    package func heartbeat(agentID: Int64, leases leaseIDs: [String]) async -> AgentHeartbeatReply? {
        await restoreIfNeeded()
        guard sessions[agentID] != nil else { return nil }
        sessions[agentID]?.lastSeen = clock.now
        var cancel: [String] = []
        var unknown: [String] = []
        for id in leaseIDs {
            guard let lease = leases[id], lease.agentID == agentID else {
                unknown.append(id)
                continue
            }
            // One read back after a restart keeps its deadline until its job takes it up.
            if lease.restored { continue }
            leases[id]?.deadline = clock.now + settings.leaseDuration
            if lease.continuation == nil { cancel.append(id) }
        }
        sessions[agentID]?.cancels.removeAll { cancel.contains($0) || unknown.contains($0) }
        return AgentHeartbeatReply(cancel: cancel, unknown: unknown)
    }

    /// Log lines of a lease. A batch already received is acknowledged again without appending its
    /// lines twice; a batch after a gap is refused with the number expected.
    package func appendLogs(agentID: Int64, lease id: String, batch: AgentLogBatch) async throws -> AgentLogAck {
        await restoreIfNeeded()
        guard let lease = leases[id], lease.agentID == agentID else { throw AgentProtocolError("unknown lease \(id)") }
        guard !lease.restored else { throw AgentLeaseNotReady() }
        sessions[agentID]?.lastSeen = clock.now
        leases[id]?.deadline = clock.now + settings.leaseDuration
        if batch.sequence < lease.nextBatch { return AgentLogAck(next: lease.nextBatch) }
        guard batch.sequence == lease.nextBatch else {
            throw AgentLogGap(next: lease.nextBatch)
        }
        // Taken before the lines are written: a resend arriving meanwhile is a duplicate.
        leases[id]?.nextBatch = batch.sequence + 1
        leases[id]?.skipLines = 0
        // Lines of this batch written before a server restart, unacknowledged, are not written twice.
        for line in batch.lines.dropFirst(lease.skipLines) { await lease.onLine(line) }
        if let ledger {
            // Acknowledged only once stored: a restart then expects the next batch.
            let lines = await lease.logPosition?() ?? -1
            leases[id]?.logLines = lines
            let next = batch.sequence + 1
            await ledger.enqueue { try await $0.acknowledge(lease: id, nextBatch: next, logLines: lines) }.value
        }
        return AgentLogAck(next: batch.sequence + 1)
    }

    /// The command ended on the agent. Its outputs and top-level files are written into the
    /// server's job directory before the caller learns the exit code. Refused with the number
    /// expected while log batches are missing.
    package func finish(agentID: Int64, lease id: String, _ finish: AgentFinish) async throws -> AgentLogAck {
        await restoreIfNeeded()
        if let batches = finished[id], leases[id] == nil { return AgentLogAck(next: batches) }
        guard let lease = leases[id], lease.agentID == agentID else { throw AgentProtocolError("unknown lease \(id)") }
        guard !lease.restored else { throw AgentLeaseNotReady() }
        guard finish.batches <= lease.nextBatch else { throw AgentLogGap(next: lease.nextBatch) }
        leases[id] = nil
        remember(finished: id, batches: lease.nextBatch)
        sessions[agentID]?.lastSeen = clock.now
        var result: Result<Int32, AgentProtocolError> = .failure(AgentProtocolError("cancelled"))
        if lease.continuation != nil {
            let directory = URL(fileURLWithPath: lease.work.jobDirectory, isDirectory: true)
            if let problem = AgentJobFiles.accept(finish.files, into: directory) {
                result = .failure(AgentProtocolError("agent \(lease.agentName): \(problem)"))
            } else if let code = finish.exitCode {
                result = .success(code)
            } else {
                result = .failure(AgentProtocolError("agent \(lease.agentName): \(finish.error ?? "the command did not run")"))
            }
        }
        // Stored before the job hears of it: after a restart the job's executor is answered the same.
        let code = try? result.get()
        let error = result.failureMessage
        await ledger?.enqueue { try await $0.finish(lease: id, exitCode: code, error: error) }.value
        lease.continuation?.resume(with: result.mapError { $0 as any Error })
        dispatch()
        return AgentLogAck(next: lease.nextBatch)
    }
}

extension AgentDispatcher {
    /// The server's job directory of a lease the agent holds (for its workspace and uploads).
    package func jobDirectory(agentID: Int64, lease id: String) async throws -> URL {
        await restoreIfNeeded()
        guard let lease = leases[id], lease.agentID == agentID else { throw AgentProtocolError("unknown lease \(id)") }
        guard !lease.restored else { throw AgentLeaseNotReady() }
        leases[id]?.deadline = clock.now + settings.leaseDuration
        return URL(fileURLWithPath: lease.work.jobDirectory, isDirectory: true)
    }

    /// Keep the last 1,024 finished leases for resent finishes.
    func remember(finished id: String, batches: Int) {
        finished[id] = batches
        finishedOrder.append(id)
        if finishedOrder.count > 1024 { finished[finishedOrder.removeFirst()] = nil }
    }
}

extension Result where Failure == AgentProtocolError {
    /// The failure's message; nil for a success.
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}

/// A lease read back after a restart whose job has not taken it up yet: call again shortly.
package struct AgentLeaseNotReady: Error, Sendable, CustomStringConvertible {
    package init() {}
    package var description: String { "the server is taking up this lease again after a restart: retry" }
}

/// A log batch or finish arrived before earlier batches: resend from `next`.
package struct AgentLogGap: Error, Sendable, Equatable, CustomStringConvertible {
    package var next: Int
    package init(next: Int) { self.next = next }
    package var description: String { "log batches missing: expected batch \(next)" }
}
