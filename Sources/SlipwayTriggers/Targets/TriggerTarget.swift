import SlipwayCore

/// One kind of thing that deliveries can start: Serverless Devs applications today, Zadig
/// workflow webhooks and CODING CI jobs next. The inbox asks every registered target which of its
/// subscribers a delivery concerns; it never knows what a subscriber runs.
package protocol TriggerTarget: Sendable {
    /// The subscribers to a provider's delivery about the repository `event` names.
    func subscribers(provider: String, event: ProviderEvent) async throws -> [any TriggerSubscriber]
    /// The subscribers to pushes into a depot hosted here.
    func subscribers(hostedDepot depotID: Int64) async throws -> [any TriggerSubscriber]
}

/// One subscriber of a target (an application, a workflow webhook, a CI job).
package protocol TriggerSubscriber: Sendable {
    /// How the delivery's decision names it, e.g. `app 3`.
    var label: String { get }
    /// The user who may replay the deliveries it receives besides administrators, if any.
    var ownerUID: String? { get }
    /// The secret that signs `provider`'s deliveries for it; empty accepts unsigned ones.
    func webhookSecret(for provider: String) -> String
    /// Decide on one stored delivery and start what it matches.
    func fire(_ delivery: TriggerFiring) async -> TriggerResult
}

/// A stored delivery, as handed to a subscriber.
package struct TriggerFiring: Sendable {
    /// `github`, `gitlab`, `gitee`, `coding`, or `internal` for a push hosted here.
    package var provider: String
    package var event: ProviderEvent
    /// `{headers, body}`, what trigger filters read.
    package var context: JSONValue
    /// The provider's delivery id (or the inbox's own).
    package var deliveryID: String
    /// The stored delivery's row id.
    package var deliveryRow: Int64

    package init(provider: String, event: ProviderEvent, context: JSONValue, deliveryID: String, deliveryRow: Int64) {
        self.provider = provider
        self.event = event
        self.context = context
        self.deliveryID = deliveryID
        self.deliveryRow = deliveryRow
    }
}

/// What a subscriber did with a delivery.
package enum TriggerResult: Sendable, Equatable {
    /// Its rules did not match; the reason goes into the decision.
    case skipped(String)
    /// It started something, named by `taskRef` (e.g. an application task id `3-1`).
    case started(taskRef: String)
    /// The same trigger already started `taskRef`, from the delivery `deliveryID` names.
    case duplicate(deliveryID: String, taskRef: String)
    /// It matched but could not start.
    case failed(String)
}
