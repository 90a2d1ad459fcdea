import Foundation

extension AgentDispatcher {
    /// The agent is alive and still runs `leaseIDs`: renew them. nil: connect again.
    package func heartbeat(agentID: Int64, leases leaseIDs: [String]) -> AgentHeartbeatReply? {
        guard sessions[agentID] != nil else { return nil }
        sessions[agentID]?.lastSeen = clock.now
        var cancel: [String] = []
        var unknown: [String] = []
        for id in leaseIDs {
            guard let lease = leases[id], lease.agentID == agentID else {
                unknown.append(id)
                continue
            }
            leases[id]?.deadline = clock.now + settings.leaseDuration
            if lease.continuation == nil { cancel.append(id) }
        }
        sessions[agentID]?.cancels.removeAll { cancel.contains($0) || unknown.contains($0) }
        return AgentHeartbeatReply(cancel: cancel, unknown: unknown)
    }

    /// Log lines of a lease. A batch already received is acknowledged again without appending its
    /// lines twice; a batch after a gap is refused with the number expected.
    package func appendLogs(agentID: Int64, lease id: String, batch: AgentLogBatch) async throws -> AgentLogAck {
        guard let lease = leases[id], lease.agentID == agentID else { throw AgentProtocolError("unknown lease \(id)") }
        sessions[agentID]?.lastSeen = clock.now
        leases[id]?.deadline = clock.now + settings.leaseDuration
        if batch.sequence < lease.nextBatch { return AgentLogAck(next: lease.nextBatch) }
        guard batch.sequence == lease.nextBatch else {
            throw AgentLogGap(next: lease.nextBatch)
        }
        // Taken before the lines are written: a resend arriving meanwhile is a duplicate.
        leases[id]?.nextBatch = batch.sequence + 1
        for line in batch.lines { await lease.onLine(line) }
        return AgentLogAck(next: batch.sequence + 1)
    }

    /// The command ended on the agent. Its outputs and top-level files are written into the
    /// server's job directory before the caller learns the exit code. Refused with the number
    /// expected while log batches are missing.
    package func finish(agentID: Int64, lease id: String, _ finish: AgentFinish) throws -> AgentLogAck {
        if let batches = finished[id], leases[id] == nil { return AgentLogAck(next: batches) }
        guard let lease = leases[id], lease.agentID == agentID else { throw AgentProtocolError("unknown lease \(id)") }
        guard finish.batches <= lease.nextBatch else { throw AgentLogGap(next: lease.nextBatch) }
        leases[id] = nil
        remember(finished: id, batches: lease.nextBatch)
        sessions[agentID]?.lastSeen = clock.now
        if let continuation = lease.continuation {
            let directory = URL(fileURLWithPath: lease.work.jobDirectory, isDirectory: true)
            if let problem = AgentJobFiles.accept(finish.files, into: directory) {
                continuation.resume(throwing: AgentProtocolError("agent \(lease.agentName): \(problem)"))
            } else if let code = finish.exitCode {
                continuation.resume(returning: code)
            } else {
                continuation.resume(throwing: AgentProtocolError("agent \(lease.agentName): \(finish.error ?? "the command did not run")"))
            }
        }
        dispatch()
        return AgentLogAck(next: lease.nextBatch)
    }
}

extension AgentDispatcher {
    /// Keep the last 1,024 finished leases for resent finishes.
    func remember(finished id: String, batches: Int) {
        finished[id] = batches
        finishedOrder.append(id)
        if finishedOrder.count > 1024 { finished[finishedOrder.removeFirst()] = nil }
    }
}

/// A log batch or finish arrived before earlier batches: resend from `next`.
package struct AgentLogGap: Error, Sendable, Equatable, CustomStringConvertible {
    package var next: Int
    package init(next: Int) { self.next = next }
    package var description: String { "log batches missing: expected batch \(next)" }
}
