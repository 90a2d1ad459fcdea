import Synchronization

/// A counting semaphore for async code that hands out permits strictly in arrival order: a
/// waiter is never overtaken by a later one, and a newcomer never takes a permit while others
/// wait. A cancelled waiter leaves the queue and throws `CancellationError`.
final class FIFOSemaphore: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var queue: [Waiter] = []
        var head = 0
        var nextID: UInt64 = 0
        /// Ids between allocation and the end of `acquire`, and those of them already cancelled.
        var pending: Set<UInt64> = []
        var cancelled: Set<UInt64> = []

        var waiting: Int { queue.count - head }

        mutating func popFirst() -> Waiter? {
            guard head < queue.count else { return nil }
            let waiter = queue[head]
            head += 1
            if head > 64, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return waiter
        }
    }

    private enum Decision { case granted, queued, cancelled }

    let limit: Int
    private let state: Mutex<State>

    init(limit: Int) {
        precondition(limit > 0, "a semaphore needs at least one permit")
        self.limit = limit
        state = Mutex(State(available: limit))
    }

    /// Permits currently held, and callers queued for one.
    var counts: (held: Int, waiting: Int) {
        state.withLock { (limit - $0.available, $0.waiting) }
    }

    /// Waits (in FIFO order) for a permit. Balance every successful call with `release()`.
    func acquire() async throws {
        let id = state.withLock { s in
            s.nextID += 1
            s.pending.insert(s.nextID)
            return s.nextID
        }
        defer {
            state.withLock { s in
                _ = s.pending.remove(id); _ = s.cancelled.remove(id)
            }
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let decision = state.withLock { s -> Decision in
                    if s.cancelled.contains(id) { return .cancelled }
                    if s.available > 0, s.waiting == 0 {
                        s.available -= 1
                        return .granted
                    }
                    s.queue.append(Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch decision {
                case .granted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            let removed = state.withLock { s -> Waiter? in
                if let index = s.queue[s.head...].firstIndex(where: { $0.id == id }) {
                    return s.queue.remove(at: index)
                }
                if s.pending.contains(id) { s.cancelled.insert(id) }
                return nil
            }
            removed?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns a permit: the longest waiter gets it, or it goes back to the pool.
    func release() {
        let next = state.withLock { s -> Waiter? in
            if let waiter = s.popFirst() { return waiter }
            precondition(s.available < limit, "release() without a matching acquire()")
            s.available += 1
            return nil
        }
        next?.continuation.resume()
    }
}
