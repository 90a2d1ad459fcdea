import Foundation
import SlipwayStore
import Synchronization

/// Writes the dispatcher's leases to the store in the order the dispatcher makes them, without
/// holding the dispatcher up: each write waits for the one before. A caller that must not answer
/// before its write is stored (a log acknowledgement, a finish) awaits the returned task.
/// A write that fails is dropped: the lease then lives in memory only, as before a restart.
package final class AgentLeaseLedger: Sendable {
    let leases: AgentLeaseRepository
    private let tail = Mutex<Task<Void, Never>?>(nil)

    package init(store: Store) {
        self.leases = store.agentLeases
    }

    /// Queue `write` after every write queued before it.
    @discardableResult
    func enqueue(_ write: @escaping @Sendable (AgentLeaseRepository) async throws -> Void) -> Task<Void, Never> {
        let leases = self.leases
        return tail.withLock { tail in
            let previous = tail
            let next = Task {
                await previous?.value
                try? await write(leases)
            }
            tail = next
            return next
        }
    }
}
