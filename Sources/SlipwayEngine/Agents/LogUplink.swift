import Foundation

/// Sends a command's log lines to the server in numbered batches, one at a time, keeping each
/// batch until the server acknowledges it. A batch whose answer was lost is sent again with the
/// same number and lines, which the server recognises: across a reconnect no line is lost or doubled.
package actor LogUplink {
    /// Lines per batch.
    let batchSize: Int
    /// How long to wait before sending again after a failed attempt.
    let retryDelay: Duration
    let send: @Sendable (AgentLogBatch) async throws -> Void
    /// Whether a failed send is worth repeating (the server may be back); false ends the uplink.
    let retryable: @Sendable (any Error) -> Bool

    private var buffer: [String] = []
    private var unacknowledged: [AgentLogBatch] = []
    private var nextSequence = 0
    private var pumping = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Set when the server refused the lease: further lines are dropped.
    private(set) var failure: String?

    package init(
        batchSize: Int = 500, retryDelay: Duration = .milliseconds(250), retryable: @escaping @Sendable (any Error) -> Bool = { _ in true },
        send: @escaping @Sendable (AgentLogBatch) async throws -> Void
    ) {
        self.batchSize = batchSize
        self.retryDelay = retryDelay
        self.retryable = retryable
        self.send = send
    }

    /// Queue a line; it is sent in the background.
    package func append(_ line: String) {
        guard failure == nil else { return }
        buffer.append(line)
        if !pumping {
            pumping = true
            Task { await self.pump() }
        }
    }

    /// The number of batches numbered so far (what the finish call reports).
    package var batches: Int { nextSequence }

    /// Wait until every queued line is acknowledged (or the uplink failed).
    package func flush() async {
        guard pumping || !buffer.isEmpty || !unacknowledged.isEmpty, failure == nil else { return }
        if !pumping {
            pumping = true
            Task { await self.pump() }
        }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func pump() async {
        while failure == nil {
            if unacknowledged.isEmpty {
                guard !buffer.isEmpty else { break }
                let lines = Array(buffer.prefix(batchSize))
                buffer.removeFirst(lines.count)
                unacknowledged.append(AgentLogBatch(sequence: nextSequence, lines: lines))
                nextSequence += 1
            }
            let batch = unacknowledged[0]
            do {
                try await send(batch)
                unacknowledged.removeFirst()
            } catch {
                if !retryable(error) {
                    failure = "\(error)"
                    break
                }
                try? await Task.sleep(for: retryDelay)
            }
        }
        pumping = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }
}
