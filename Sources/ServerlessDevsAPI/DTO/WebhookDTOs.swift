import SlipwayCore
import SlipwayStore
import SlipwayTriggers

/// The answers of `/api/webhook/*`.

/// `{delivery, decision, tasks}`: what the inbox did with an accepted delivery.
struct ReceivedDTO: Encodable, Sendable {
    var delivery: String
    var decision: String
    var tasks: [String]

    init(_ outcome: TriggerInbox.Outcome) {
        delivery = String(outcome.delivery.id)
        decision = outcome.delivery.decision
        tasks = outcome.started
    }
}

/// A stored delivery; its body is summarized by size, its headers are the kept ones only.
struct DeliveryDTO: Encodable, Sendable {
    var id: String
    var deliveryID: String
    var provider: String
    var event: String
    var headers: [String: String]
    var signatureStatus: String
    var receivedAt: EpochMillis
    var decision: String
    var taskRef: String
    var bodyBytes: Int

    init(_ d: TriggerDelivery) {
        self.init(TriggerDeliverySummary(d))
    }

    init(_ d: TriggerDeliverySummary) {
        id = String(d.id)
        deliveryID = d.deliveryID
        provider = d.provider
        event = d.event
        headers = d.headers
        signatureStatus = d.signatureStatus
        receivedAt = d.receivedAt
        decision = d.decision
        taskRef = d.taskRef
        bodyBytes = d.bodyBytes
    }

    enum CodingKeys: String, CodingKey {
        case id, deliveryID = "delivery_id", provider, event, headers, signatureStatus = "signature_status",
            receivedAt = "received_at", decision, taskRef = "task_ref", bodyBytes = "body_bytes"
    }
}

/// Deliveries refused unstored, counted by provider and reason.
struct RefusalDTO: Encodable, Sendable {
    var provider: String
    var reason: String
    var count: Int
    var lastAt: EpochMillis

    init(_ refusal: WebhookRefusal) {
        provider = refusal.provider
        reason = refusal.reason.rawValue
        count = refusal.count
        lastAt = refusal.lastAt
    }

    enum CodingKeys: String, CodingKey { case provider, reason, count, lastAt = "last_at" }
}
