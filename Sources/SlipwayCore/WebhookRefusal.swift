/// Webhook deliveries the inbox refused without storing them, counted per provider and reason.
/// Both are from small fixed sets, so the record stays bounded whatever callers send.
package struct WebhookRefusal: Sendable, Equatable {
    /// Why a delivery was refused.
    package enum Reason: String, Sendable, CaseIterable {
        case unknownProvider = "unknown provider"
        case tooLarge = "body too large"
        case notJSON = "body is not a JSON object"
        case noApplication = "no application for the repository"
        case badSignature = "bad signature"
    }

    /// A known provider, or `other` for the rest.
    package var provider: String
    package var reason: Reason
    package var count: Int
    package var lastAt: EpochMillis

    package init(provider: String, reason: Reason, count: Int, lastAt: EpochMillis) {
        self.provider = provider
        self.reason = reason
        self.count = count
        self.lastAt = lastAt
    }
}
