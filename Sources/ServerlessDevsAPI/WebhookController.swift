import Foundation
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices
import SlipwayStore
import SlipwayTriggers

/// `POST /api/webhook/<provider>` (unauthenticated: the signature authenticates), and the
/// authenticated delivery history and replay.
struct WebhookController: Sendable {
    let store: Store
    let deliveries: DeliveryService

    var inbox: TriggerInbox { deliveries.inbox }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let provider = context.parameters.get("provider") ?? ""
        do {
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: TriggerInbox.maxBodyBytes)
            } catch {
                throw try await inbox.refuse(
                    provider: TriggerInbox.providers.contains(provider) ? provider : "other", .tooLarge,
                    "body larger than \(TriggerInbox.maxBodyBytes) bytes")
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let outcome = try await inbox.receive(provider: provider, headers: headers, body: Array(buffer.readableBytesView))
            return try JSONResponse.make(SDevs.Success(data: ReceivedDTO(outcome)))
        } catch let refused as TriggerInbox.Refused {
            let (status, code): (HTTPResponse.Status, String) =
                switch refused.reason {
                case .unknownProvider, .notJSON: (.badRequest, "InvalidParameter")
                case .tooLarge: (.contentTooLarge, "InvalidParameter")
                case .noApplication: (.notFound, "NotFound")
                case .badSignature: (.unauthorized, "BadSignature")
                }
            return SDevs.failure(code: code, message: refused.message, status: status)
        } catch let error as SlipwayError {
            return SDevs.failure(error)
        }
    }

    /// `GET /api/webhook/refusals` (administrators): deliveries refused unstored, counted by
    /// provider and reason.
    @Sendable func refusals(_ request: Request, _ context: AppRequestContext) async throws -> [RefusalDTO] {
        let identity = try SDevs.identity(context)
        guard identity.user.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
        return try await store.webhookRefusals.list().map(RefusalDTO.init)
    }

    /// `GET /api/webhook/deliveries?provider=&limit=&offset=` (administrators).
    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> [DeliveryDTO] {
        let identity = try SDevs.identity(context)
        guard identity.user.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
        let limit = SDevs.query(request, "limit").flatMap(Int.init) ?? 50
        let offset = SDevs.query(request, "offset").flatMap(Int.init) ?? 0
        let rows = try await store.deliveries.list(provider: SDevs.query(request, "provider"), limit: limit, offset: offset)
        return rows.map(DeliveryDTO.init)
    }

    /// `POST /api/webhook/deliveries/replay` {id}: administrators, or the owner of an application
    /// the delivery targets.
    @Sendable func replay(_ request: Request, _ context: AppRequestContext) async throws -> DeliveryDTO {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        guard let id = body["id"].string.flatMap(Int64.init) else { throw SlipwayError.invalidInput("id is required") }
        let outcome = try await deliveries.replay(id: id, by: identity.user)
        return DeliveryDTO(outcome.delivery)
    }
}
