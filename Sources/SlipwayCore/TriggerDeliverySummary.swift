/// What the delivery list shows of one webhook delivery: everything but the body, whose size
/// is kept as a column so a list never reads bodies.
package struct TriggerDeliverySummary: Sendable, Equatable {
    package var id: Int64
    package var deliveryID: String
    package var provider: String
    package var event: String
    package var headers: [String: String]
    package var signatureStatus: String
    package var receivedAt: EpochMillis
    package var decision: String
    package var taskRef: String
    /// The body's size in bytes (UTF-8).
    package var bodyBytes: Int

    package init(
        id: Int64, deliveryID: String, provider: String, event: String, headers: [String: String], signatureStatus: String,
        receivedAt: EpochMillis, decision: String, taskRef: String, bodyBytes: Int
    ) {
        self.id = id
        self.deliveryID = deliveryID
        self.provider = provider
        self.event = event
        self.headers = headers
        self.signatureStatus = signatureStatus
        self.receivedAt = receivedAt
        self.decision = decision
        self.taskRef = taskRef
        self.bodyBytes = bodyBytes
    }

    /// The summary of a full delivery.
    package init(_ d: TriggerDelivery) {
        self.init(
            id: d.id, deliveryID: d.deliveryID, provider: d.provider, event: d.event, headers: d.headers,
            signatureStatus: d.signatureStatus, receivedAt: d.receivedAt, decision: d.decision, taskRef: d.taskRef,
            bodyBytes: d.body.utf8.count)
    }
}
