import Synchronization

/// One fan-out of domain events to every subscriber, in subscription order.
///
/// `publish` awaits each subscriber, so a subscriber that must finish before the caller answers
/// (the trigger inbox storing a delivery) can rely on it. Subscribers must return quickly and move
/// slow work (HTTP deliveries, retries) onto their own tasks.
package final class EventBus: Sendable {
    package typealias Subscriber = @Sendable (DomainEvent) async -> Void

    private let subscribers = Mutex<[Subscriber]>([])

    package init() {}

    /// Adds a subscriber; it sees every event published from now on.
    package func subscribe(_ subscriber: @escaping Subscriber) {
        subscribers.withLock { $0.append(subscriber) }
    }

    /// Hands `event` to every subscriber, one after another.
    package func publish(_ event: DomainEvent) async {
        let current = subscribers.withLock { $0 }
        for subscriber in current { await subscriber(event) }
    }
}
