import Foundation
import SlipwayCore
import SlipwayStore
import SlipwayTriggers

/// Deliveries: the trigger inbox, fed by the event bus, and the operations on its history.
///
/// The composition root creates one inbox over a `TriggerTargets` registry and calls
/// `connect`, so every push published on the bus reaches the inbox; each dialect registers its
/// trigger target in the registry.
package struct DeliveryService: Sendable {
    package let context: ServiceContext
    package let inbox: TriggerInbox

    package init(_ context: ServiceContext, inbox: TriggerInbox) {
        self.context = context
        self.inbox = inbox
    }

    /// A new inbox over an empty registry, subscribed to `context.events`.
    package static func connected(_ context: ServiceContext) -> DeliveryService {
        let service = DeliveryService(context, inbox: TriggerInbox(store: context.store))
        service.connect()
        return service
    }

    /// Subscribes the inbox to the bus: every `pushed` event is stored as an internal delivery
    /// and offered to the registered targets before `publish` returns.
    package func connect() {
        let inbox = inbox
        context.events.subscribe { event in
            guard case .pushed(let push) = event else { return }
            await inbox.receive(internalPush: push.event, depot: push.depot)
        }
    }

    /// Acts again on stored delivery `id`: administrators, or the owner of a subscriber the
    /// delivery concerns.
    package func replay(id: Int64, by user: User) async throws -> TriggerInbox.Outcome {
        guard let delivery = try await context.store.deliveries.get(id: id) else {
            throw SlipwayError.notFound("delivery \(id) not found")
        }
        if !user.isAdmin {
            let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(delivery.body.utf8))) ?? .null
            let event = ProviderEvent(provider: delivery.provider, headers: delivery.headers, body: json)
            let subscribers = try await inbox.subscribers(of: delivery.provider, event: event)
            guard subscribers.contains(where: { $0.ownerUID == user.uid }) else {
                throw SlipwayError.forbidden("only an administrator or the application owner may replay this delivery")
            }
        }
        return try await inbox.replay(id: id)
    }
}
