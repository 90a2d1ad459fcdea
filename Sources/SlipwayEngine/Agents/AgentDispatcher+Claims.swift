import Foundation
import SlipwayStore

extension AgentDispatcher {
    /// An agent asks for work: answered at once with a command, cancellations or jobs to drop, or
    /// held until something arrives or `pollHold` passes (then an empty answer). nil: the agent
    /// has not connected (or was ended) and must connect again. `running` are the leases the
    /// agent holds: one it was handed but does not list never reached it and is handed out again.
    package func claim(agentID: Int64, running: [String] = []) async -> AgentClaimReply? {
        await restoreIfNeeded()
        guard sessions[agentID] != nil else { return nil }
        sessions[agentID]?.lastSeen = clock.now
        recoverUndelivered(agentID: agentID, running: Set(running))
        // A claim lists what the agent runs: like a heartbeat, it renews those leases.
        for id in running where leases[id]?.agentID == agentID && leases[id]?.restored == false {
            leases[id]?.deadline = clock.now + settings.leaseDuration
        }
        releaseFinishedJobs(of: agentID)
        if let reply = immediateReply(for: agentID) { return reply }
        nextWaiterToken += 1
        let token = nextWaiterToken
        let hold = settings.pollHold
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard sessions[agentID] != nil else { return continuation.resume(returning: AgentClaimReply()) }
                // A newer claim of the same agent replaces an older one, which ends empty.
                sessions[agentID]?.waiter?.continuation.resume(returning: AgentClaimReply())
                sessions[agentID]?.waiter = Waiter(token: token, continuation: continuation)
                Task {
                    try? await Task.sleep(for: hold)
                    await self.endWaiter(agentID: agentID, token: token)
                }
            }
        } onCancel: {
            Task { await self.endWaiter(agentID: agentID, token: token) }
        }
    }

    /// Cancellations, drops or a command for the agent, if any (taking them).
    func immediateReply(for agentID: Int64) -> AgentClaimReply? {
        guard var session = sessions[agentID] else { return nil }
        let work = takeWork(for: agentID)
        guard work != nil || !session.cancels.isEmpty || !session.drops.isEmpty else { return nil }
        let reply = AgentClaimReply(work: work, cancel: session.cancels, drop: session.drops)
        session = sessions[agentID] ?? session
        session.cancels = []
        session.drops = []
        sessions[agentID] = session
        return reply
    }

    func endWaiter(agentID: Int64, token: UInt64) {
        guard let waiter = sessions[agentID]?.waiter, waiter.token == token else { return }
        sessions[agentID]?.waiter = nil
        sessions[agentID]?.lastSeen = clock.now
        waiter.continuation.resume(returning: AgentClaimReply())
    }

    /// Answer every held claim that now has something to receive.
    func dispatch() {
        for (agentID, session) in sessions {
            guard let waiter = session.waiter, let reply = immediateReply(for: agentID) else { continue }
            sessions[agentID]?.waiter = nil
            sessions[agentID]?.lastSeen = clock.now
            waiter.continuation.resume(returning: reply)
        }
    }

    /// The first waiting command this agent may run, now leased to it; nil when none or it is full.
    func takeWork(for agentID: Int64) -> AgentWork? {
        guard let session = sessions[agentID] else { return nil }
        let running = leases.values.filter { $0.agentID == agentID }.count
        guard running < session.capacity else { return nil }
        let index = pending.firstIndex { item in
            if let binding = bindings[item.work.job] { return binding.agentID == agentID }
            return item.labels.isSubset(of: session.labels)
        }
        guard let index else { return nil }
        let item = pending.remove(at: index)
        let id = item.work.lease
        leases[id] = Lease(
            work: item.work, labels: item.labels, agentID: agentID, agentName: session.name, instance: session.instance, ordinal: item.ordinal,
            deadline: clock.now + settings.leaseDuration, onLine: item.onLine, logPosition: item.logPosition, logLines: item.logStart,
            continuation: item.continuation)
        let record = AgentLeaseRecord(
            lease: id, job: item.work.job, jobDirectory: item.work.jobDirectory, ordinal: item.ordinal, agentID: agentID, agentName: session.name,
            instance: session.instance, logLines: item.logStart)
        ledger?.enqueue { try await $0.record(record) }
        if bindings[item.work.job] == nil {
            bindings[item.work.job] = Binding(
                agentID: agentID, agentName: session.name, jobDirectory: URL(fileURLWithPath: item.work.jobDirectory, isDirectory: true))
        }
        Task { await self.watch(lease: id) }
        return item.work
    }

    /// Leases of the agent it does not hold: an answer that carried them was lost. A command
    /// that has not logged goes back to the front of the queue; one that has fails.
    func recoverUndelivered(agentID: Int64, running: Set<String>) {
        for (id, lease) in leases where lease.agentID == agentID && !running.contains(id) {
            if lease.nextBatch == 0, !lease.restored, let continuation = lease.continuation {
                leases[id] = nil
                pending.insert(
                    Pending(
                        work: lease.work, labels: lease.labels, ordinal: lease.ordinal, logStart: lease.logLines, logPosition: lease.logPosition,
                        onLine: lease.onLine, continuation: continuation), at: 0)
            } else {
                lose(id, "agent \(lease.agentName) lost the command")
            }
        }
    }

    /// Fail the lease's command once its deadline passes without a renewal.
    func watch(lease id: String) async {
        while let lease = leases[id] {
            if clock.now >= lease.deadline {
                // The agent is gone: its session ends too, so a claim it left held cannot take
                // the next command (a retry of this one) to a dead connection.
                end(agentID: lease.agentID, reason: "agent \(lease.agentName) lost: lease expired")
                lose(id, "agent \(lease.agentName) lost: lease expired")
                dispatch()
                return
            }
            try? await clock.sleep(until: lease.deadline)
        }
    }

    /// The command's caller gave up: a waiting command is dropped, a leased one is cancelled on its agent.
    func cancel(_ id: String) {
        if let index = pending.firstIndex(where: { $0.work.lease == id }) {
            pending.remove(at: index).continuation.resume(throwing: CancellationError())
            return
        }
        guard let lease = leases[id], let continuation = lease.continuation else { return }
        leases[id]?.continuation = nil
        continuation.resume(throwing: CancellationError())
        sessions[lease.agentID]?.cancels.append(id)
        dispatch()
    }

    /// Jobs of this agent whose server-side directory is gone or reused by a new run: forget
    /// their binding and tell the agent to remove its copy.
    func releaseFinishedJobs(of agentID: Int64) {
        let busyJobs = Set(leases.values.map(\.work.job))
        for (job, binding) in bindings where binding.agentID == agentID && !busyJobs.contains(job) {
            guard AgentJobFiles.marker(in: binding.jobDirectory) != job else { continue }
            bindings[job] = nil
            issued[job] = nil
            replays[job] = nil
            sessions[agentID]?.drops.append(job)
            ledger?.enqueue { try await $0.delete(job: job) }
        }
    }
}
