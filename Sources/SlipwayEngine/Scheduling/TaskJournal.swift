import SlipwayCore
import SlipwayStore

/// Writes a running task's snapshots in order, coalescing bursts: a writer that falls behind
/// writes only the newest snapshot. `record` returns once that snapshot (or a newer one) is stored.
actor TaskJournal {
    private let store: Store
    private var pending: WorkflowTask?
    private var submitted = 0
    private var written = 0
    private var writing = false
    private var waiters: [(version: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(store: Store) {
        self.store = store
    }

    func record(_ task: WorkflowTask) async {
        submitted += 1
        let version = submitted
        pending = task
        if !writing {
            writing = true
            Task { await drain() }
        }
        await withCheckedContinuation { continuation in
            if written >= version {
                continuation.resume()
            } else {
                waiters.append((version, continuation))
            }
        }
    }

    private func drain() async {
        while let task = pending {
            let version = submitted
            pending = nil
            do {
                try await store.tasks.save(task)
            } catch {
                // A failed write is retried with the next snapshot; the newest state wins.
                if pending == nil { pending = task }
                do { try await Task.sleep(for: .milliseconds(50)) } catch { /* cancelled: retry at once */  }
                continue
            }
            written = version
            let ready = waiters.filter { $0.version <= version }
            waiters.removeAll { $0.version <= version }
            for waiter in ready { waiter.continuation.resume() }
        }
        writing = false
    }
}
