import Synchronization

/// The registry of trigger targets the inbox dispatches over. The composition root creates it
/// (with the inbox); each dialect or service registers its target at start-up.
package final class TriggerTargets: Sendable {
    private let targets = Mutex<[any TriggerTarget]>([])

    package init() {}

    /// Adds a target; deliveries received from now on are offered to it, after the earlier ones.
    package func register(_ target: any TriggerTarget) {
        targets.withLock { $0.append(target) }
    }

    /// Every subscriber, over every target, to a provider's delivery.
    package func subscribers(provider: String, event: ProviderEvent) async throws -> [any TriggerSubscriber] {
        var found: [any TriggerSubscriber] = []
        for target in targets.withLock({ $0 }) {
            found += try await target.subscribers(provider: provider, event: event)
        }
        return found
    }

    /// Every subscriber, over every target, to pushes into a hosted depot.
    package func subscribers(hostedDepot depotID: Int64) async throws -> [any TriggerSubscriber] {
        var found: [any TriggerSubscriber] = []
        for target in targets.withLock({ $0 }) {
            found += try await target.subscribers(hostedDepot: depotID)
        }
        return found
    }
}
