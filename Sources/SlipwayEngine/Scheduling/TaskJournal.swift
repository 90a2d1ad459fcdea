import Logging
import SlipwayCore
import SlipwayStore

/// Writes running tasks' snapshots, for every runner of an engine. Each write stores only what
/// changed since the task's last stored snapshot (`TaskRepository.save(_:)`). Snapshots recorded
/// while a write is in flight wait for it and then go together, newest per task, in one
/// transaction. `record` returns once that snapshot (or a newer one of the same task) is stored.
package actor TaskJournal {
    private typealias Key = Engine.Ref

    private let store: Store
    private let logger: Logger
    /// Failed transactions in a row, and when the last warning about them was logged.
    private var failures = 0
    private var lastWarning: ContinuousClock.Instant?
    /// While writes keep failing, one warning per this interval.
    static let warningInterval = Duration.seconds(30)
    /// The newest unwritten snapshot of each task, with its sequence number.
    private var pending: [Key: (task: WorkflowTask, sequence: Int)] = [:]
    /// The last snapshot stored for each running task: what the next write is compared with.
    private var stored: [Key: WorkflowTask] = [:]
    /// Each running task's row in `tasks`, learnt from its first write (forgotten after a failed one).
    private var rows: [Key: Int64] = [:]
    /// The sequence number of each task's last stored snapshot.
    private var written: [Key: Int] = [:]
    private var sequence = 0
    private var writing = false
    /// Tasks whose runner is done, forgotten once their last snapshot is written.
    private var ended: Set<Key> = []
    /// After a failed transaction the next one holds a single task, so one task's bad write cannot stall the others.
    private var isolating = false
    private var waiters: [Key: [(sequence: Int, continuation: CheckedContinuation<Void, Never>)]] = [:]
    /// Closed when the engine stops: nothing more is taken, and failing writes are given up.
    private var closed = false

    /// Snapshots handed to `record`, and transactions written: the batching, for tests.
    package private(set) var recorded = 0
    package private(set) var transactions = 0

    package init(store: Store, logger: Logger = Logger(label: "slipway.journal")) {
        self.store = store
        self.logger = logger
    }

    /// A runner starts with `task` as it is stored (in row `row` of the store, when known): later
    /// snapshots are compared with it.
    package func begin(_ task: WorkflowTask, row: Int64? = nil) {
        stored[Key(task)] = task
        if let row { rows[Key(task)] = row }
    }

    /// The runner of `task` is done: forget its last snapshot once nothing of it is left to write.
    package func end(_ task: WorkflowTask) {
        ended.insert(Key(task))
        forgetEnded(Key(task))
    }

    private func forgetEnded(_ key: Key) {
        guard ended.contains(key), pending[key] == nil, waiters[key] == nil else { return }
        ended.remove(key)
        stored[key] = nil
        written[key] = nil
        rows[key] = nil
    }

    /// Store `task`; returns once it (or a newer snapshot of the same task) is stored.
    package func record(_ task: WorkflowTask) async {
        note(task)
        guard !closed else { return }
        let key = Key(task), mine = sequence
        await withCheckedContinuation { continuation in
            if (written[key] ?? 0) >= mine {
                continuation.resume()
            } else {
                waiters[key, default: []].append((mine, continuation))
            }
        }
    }

    /// Store `task` without waiting for the write: a later snapshot of the same task written in
    /// the same batch replaces it.
    package func note(_ task: WorkflowTask) {
        guard !closed else { return }
        sequence += 1
        recorded += 1
        pending[Key(task)] = (task, sequence)
        if !writing {
            writing = true
            Task { await drain() }
        }
    }

    /// How many tasks have a snapshot waiting to be written (tests).
    package var pendingTasks: Int { pending.count }

    /// The engine has stopped: wait until what was handed in is stored, for at most `patience`
    /// while writes keep failing (the store may be gone), then take nothing more. A snapshot
    /// only noted (a job's process group) is stored before the store closes, and no write is
    /// retried against a closed store for the rest of the process.
    package func close(within patience: Duration = .seconds(10)) async {
        let deadline = ContinuousClock.now + patience
        while writing && ContinuousClock.now < deadline {
            do { try await Task.sleep(for: .milliseconds(10)) } catch { break }
        }
        closed = true
        if !writing { letGo() }
    }

    /// Closed: what is still pending is dropped, and whoever waits for it is let go.
    private func letGo() {
        pending = [:]
        let all = waiters.values.flatMap { $0 }
        waiters = [:]
        for waiter in all { waiter.continuation.resume() }
    }

    private func drain() async {
        while !pending.isEmpty && !closed {
            var batch = Array(pending)
            if isolating { batch = Array(batch.prefix(1)) }
            for (key, _) in batch { pending[key] = nil }
            let writes = batch.map { TaskWrite($0.value.task, over: stored[$0.key], row: rows[$0.key]) }
            let savedRows: [Int64?]
            do {
                transactions += 1
                savedRows = try await store.tasks.save(writes)
            } catch {
                warn(error, tasks: batch.count)
                // A task deleted meanwhile leaves a stale row: the retry looks it up again.
                for (key, _) in batch { rows[key] = nil }
                // Retried with the newest snapshot of each task, compared with what is really stored.
                for (key, value) in batch where pending[key] == nil { pending[key] = value }
                isolating = batch.count > 1
                do { try await Task.sleep(for: .milliseconds(50)) } catch { /* cancelled: retry at once */  }
                continue
            }
            isolating = false
            if failures > 0 {
                logger.info("task states written again", metadata: ["failed transactions": "\(failures)"])
                failures = 0
                lastWarning = nil
            }
            for ((key, _), row) in zip(batch, savedRows) { rows[key] = row }
            for (key, value) in batch {
                stored[key] = value.task
                written[key] = value.sequence
                let ready = waiters[key]?.filter { $0.sequence <= value.sequence } ?? []
                waiters[key]?.removeAll { $0.sequence <= value.sequence }
                if waiters[key]?.isEmpty == true { waiters[key] = nil }
                for waiter in ready { waiter.continuation.resume() }
                forgetEnded(key)
            }
        }
        writing = false
        if closed { letGo() }
    }

    /// Say that a transaction failed and will be retried: at the first failure of a run of them,
    /// then once per `warningInterval`. Only the kind of error is logged, never its message,
    /// which may quote the values of the write (job outputs, variables).
    private func warn(_ error: any Error, tasks: Int) {
        failures += 1
        let now = ContinuousClock.now
        if let last = lastWarning, now - last < Self.warningInterval { return }
        lastWarning = now
        logger.warning(
            "could not write task states; retrying",
            metadata: ["error": "\(storeErrorCode(error))", "tasks": "\(tasks)", "failed transactions": "\(failures)"])
    }
}
