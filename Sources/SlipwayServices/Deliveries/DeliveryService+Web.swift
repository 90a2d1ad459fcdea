import SlipwayCore
import SlipwayStore

/// One page of the delivery history; the history is never counted (it only grows), so a page
/// says whether an older one follows.
package struct DeliveryPage: Sendable, Equatable {
    package var items: [TriggerDeliverySummary]
    package var hasOlder: Bool
}

/// What the web pages read of deliveries: the same rule as `GET /api/webhook/deliveries`
/// (system administrators), newest first.
extension DeliveryService {
    /// Page `page` (1-based) of the deliveries, of one provider when given.
    package func deliveries(by user: User, provider: String?, page: Int, pageSize: Int) async throws -> DeliveryPage {
        try Self.requireAdmin(user)
        let size = max(1, min(pageSize, 200)), skip = (max(1, page) - 1) * size
        let rows = try await context.store.deliveries.list(provider: provider, limit: size + 1, offset: skip)
        return DeliveryPage(items: Array(rows.prefix(size)), hasOlder: rows.count > size)
    }

    /// One delivery with its body.
    package func delivery(_ id: Int64, by user: User) async throws -> TriggerDelivery {
        try Self.requireAdmin(user)
        guard let delivery = try await context.store.deliveries.get(id: id) else {
            throw SlipwayError.notFound("delivery \(id) not found")
        }
        return delivery
    }

    static func requireAdmin(_ user: User) throws {
        guard user.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
    }
}
