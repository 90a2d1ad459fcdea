import Foundation
import SlipwayCore

/// Hands job commands to remote agents and follows them to their end.
///
/// Agents claim work by long poll: a claim with nothing to hand out waits on a continuation until
/// a command matching the agent's labels arrives (no polling loop on either side), or until
/// `pollHold` passes. A claimed command holds a lease the agent renews by heartbeat; a lease not
/// renewed in time fails its command ("agent X lost: lease expired"). Every command of one job
/// goes to the agent that claimed the job's first command, which keeps the job's directory.
/// Claims live in the server's memory; leases and log acknowledgements are also written to the
/// store (`AgentLeaseLedger`), so that after a restart a job still running on an agent is taken
/// up again (`AgentDispatcher+Restore.swift`).
package actor AgentDispatcher {
    /// Timing of the protocol (tests shorten it).
    package struct Settings: Sendable {
        /// A lease not renewed within this expires and fails its command.
        package var leaseDuration: Duration
        /// How long a claim is held open when there is nothing to hand out.
        package var pollHold: Duration

        package init(leaseDuration: Duration = .seconds(30), pollHold: Duration = .seconds(25)) {
            self.leaseDuration = leaseDuration
            self.pollHold = pollHold
        }
    }

    /// A connected agent as the dispatcher sees it.
    struct Session {
        var id: Int64
        var name: String
        var labels: Set<String>
        var capacity: Int
        /// The agent process (`AgentHello.instance`).
        var instance: String
        var lastSeen: ContinuousClock.Instant
        var waiter: Waiter?
        /// Cancelled leases and finished jobs not yet told to the agent.
        var cancels: [String] = []
        var drops: [String] = []
    }

    struct Waiter {
        let token: UInt64
        let continuation: CheckedContinuation<AgentClaimReply, Never>
    }

    /// A command waiting for an agent.
    struct Pending {
        let work: AgentWork
        let labels: Set<String>
        /// The command's number within its job run, and its log's length when it was queued.
        let ordinal: Int
        let logStart: Int
        let logPosition: (@Sendable () async -> Int)?
        let onLine: @Sendable (String) async -> Void
        let continuation: CheckedContinuation<Int32, any Error>
    }

    /// A command an agent claimed.
    struct Lease {
        let work: AgentWork
        let labels: Set<String>
        let agentID: Int64
        let agentName: String
        let instance: String
        let ordinal: Int
        var deadline: ContinuousClock.Instant
        var nextBatch = 0
        var onLine: @Sendable (String) async -> Void
        /// The job log's line count now (nil: not known), and after the last acknowledged batch.
        var logPosition: (@Sendable () async -> Int)?
        var logLines = -1
        /// Lines of the next batch already in the log (written before a crash, not acknowledged).
        var skipLines = 0
        /// Read back after a restart and not yet taken up by its job: its calls wait (503).
        var restored = false
        /// nil once the command's caller has its answer (a cancelled lease waits for the agent's finish).
        var continuation: CheckedContinuation<Int32, any Error>?
    }

    /// The agent a job's commands stick to.
    struct Binding {
        let agentID: Int64
        let agentName: String
        let jobDirectory: URL
    }

    package let settings: Settings
    let clock = ContinuousClock()
    var sessions: [Int64: Session] = [:]
    var pending: [Pending] = []
    var leases: [String: Lease] = [:]
    var bindings: [String: Binding] = [:]
    var nextWaiterToken: UInt64 = 0
    /// Leases finished lately, with their batch count: a finish resent after a lost answer is
    /// acknowledged again.
    var finished: [String: Int] = [:]
    var finishedOrder: [String] = []
    /// Where leases are kept across restarts; nil: in memory only.
    let ledger: AgentLeaseLedger?
    /// The number the next command of each job run gets.
    var issued: [String: Int] = [:]
    /// Commands of job runs read back after a restart, by number: how they ended, or the lease
    /// still running. The job's executor runs again from the start and is answered from here.
    var replays: [String: [Int: Replayed]] = [:]
    var restoring: Task<Void, Never>?

    package init(settings: Settings = Settings(), ledger: AgentLeaseLedger? = nil) {
        self.settings = settings
        self.ledger = ledger
    }

    /// An agent (re)starts: what it serves replaces what it had. The same agent process
    /// connecting again (after a server restart) keeps its commands; a new process's predecessor
    /// lost them, and they fail.
    package func connect(_ agent: Agent, hello: AgentHello) async -> AgentWelcome {
        await restoreIfNeeded()
        let labels = hello.labels.isEmpty ? agent.labels : hello.labels
        let instance = hello.instance ?? ""
        sessions.removeValue(forKey: agent.id)?.waiter?.continuation.resume(returning: AgentClaimReply())
        for (id, lease) in leases where lease.agentID == agent.id && (instance.isEmpty || lease.instance != instance) {
            lose(id, "agent \(agent.name) restarted")
        }
        let held = Set(leases.values.filter { $0.agentID == agent.id }.map(\.work.job))
        for (job, binding) in bindings where binding.agentID == agent.id && !held.contains(job) { bindings[job] = nil }
        // The machine label is the server's to give: one the agent reports for itself is dropped.
        let served = Set(labels.filter { Agent.machine(of: $0) == nil }).union([Agent.machineLabel(agent.id)])
        sessions[agent.id] = Session(
            id: agent.id, name: agent.name, labels: served, capacity: max(1, hello.capacity), instance: instance, lastSeen: clock.now)
        return AgentWelcome(
            id: agent.id, name: agent.name, labels: labels, leaseMillis: Self.millis(settings.leaseDuration),
            pollMillis: Self.millis(settings.pollHold))
    }

    /// A disabled or restarted agent: its held claim ends, its commands fail with `reason`.
    package func end(agentID: Int64, reason: String) {
        guard let session = sessions.removeValue(forKey: agentID) else { return }
        session.waiter?.continuation.resume(returning: AgentClaimReply())
        for (id, lease) in leases where lease.agentID == agentID { lose(id, reason) }
        for (job, binding) in bindings where binding.agentID == agentID { bindings[job] = nil }
    }

    /// Run `work` on an agent carrying every one of `labels`; its log lines go to `onLine`.
    /// Returns the exit code; throws when the agent is lost, and `CancellationError` when cancelled.
    /// `logPosition` tells the job log's line count (to take up the command after a restart
    /// without doubling a line).
    package func run(
        _ work: AgentWork, labels: [String], logPosition: (@Sendable () async -> Int)? = nil,
        onLine: @escaping @Sendable (String) async -> Void
    ) async throws -> Int32 {
        try Task.checkCancellation()
        await restoreIfNeeded()
        let ordinal = issued[work.job, default: 0]
        issued[work.job] = ordinal + 1
        if let replayed = takeReplayed(job: work.job, ordinal: ordinal) {
            return try await answer(replayed, logPosition: logPosition, onLine: onLine)
        }
        if let binding = bindings[work.job], !isOnline(binding.agentID) {
            throw AgentProtocolError("agent \(binding.agentName) lost: it no longer calls the server")
        }
        let id = work.lease
        let logStart = await logPosition?() ?? -1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pending.append(
                    Pending(
                        work: work, labels: Set(labels), ordinal: ordinal, logStart: logStart, logPosition: logPosition, onLine: onLine,
                        continuation: continuation))
                dispatch()
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Why commands asking for `labels` wait: no online agent carries them all; nil when one does.
    package func waitingReason(labels: [String]) -> String? {
        guard !labels.isEmpty else { return nil }
        let wanted = Set(labels)
        if sessions.values.contains(where: { wanted.isSubset(of: $0.labels) && isOnline($0.id) }) { return nil }
        if labels.count == 1, let machine = Agent.machine(of: labels[0]) { return "waiting for agent machine \(machine) to connect" }
        return "waiting for an agent with labels \(labels.joined(separator: ","))"
    }

    /// Live state of connected agents: online, and commands running.
    package func states() -> [Int64: AgentLiveState] {
        var states: [Int64: AgentLiveState] = [:]
        for session in sessions.values {
            let running = leases.values.filter { $0.agentID == session.id }.count
            states[session.id] = AgentLiveState(online: isOnline(session.id), running: running, capacity: session.capacity)
        }
        return states
    }

    func isOnline(_ agentID: Int64) -> Bool {
        guard let session = sessions[agentID] else { return false }
        return session.waiter != nil || clock.now - session.lastSeen < settings.leaseDuration
    }

    static func millis(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}

/// What the dispatcher knows of a connected agent right now.
package struct AgentLiveState: Sendable, Equatable {
    package var online: Bool
    package var running: Int
    package var capacity: Int
    package var busy: Bool { running >= capacity }
}
