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
            return try JSONResponse.make(JSONValue.object(["success": .bool(true), "data": .object([
                "delivery": .string(String(outcome.delivery.id)), "decision": .string(outcome.delivery.decision),
                "tasks": .array(outcome.started.map(JSONValue.string)),
            ])]))
        } catch let refused as TriggerInbox.Refused {
            let (status, code): (HTTPResponse.Status, String) = switch refused.reason {
            case .unknownProvider, .notJSON: (.badRequest, "InvalidParameter")
            case .tooLarge: (.contentTooLarge, "InvalidParameter")
            case .noApplication: (.notFound, "NotFound")
            case .badSignature: (.unauthorized, "BadSignature")
            }
            return try JSONResponse.make(JSONValue.object([
                "success": .bool(false), "code": .string(code), "message": .string(refused.message),
            ]), status: status)
        } catch let error as SlipwayError {
            return SDevs.failure(error)
        }
    }

    /// `GET /api/webhook/refusals` (administrators): deliveries refused unstored, counted by
    /// provider and reason.
    @Sendable func refusals(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        guard identity.user.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
        return .array(try await store.webhookRefusals.list().map { refusal in
            .object(["provider": .string(refusal.provider), "reason": .string(refusal.reason.rawValue),
                     "count": .number(Double(refusal.count)), "last_at": .number(Double(refusal.lastAt))])
        })
    }

    /// `GET /api/webhook/deliveries?provider=&limit=&offset=` (administrators).
    @Sendable func list(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        guard identity.user.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
        let limit = SDevs.query(request, "limit").flatMap(Int.init) ?? 50
        let offset = SDevs.query(request, "offset").flatMap(Int.init) ?? 0
        let rows = try await store.deliveries.list(provider: SDevs.query(request, "provider"), limit: limit, offset: offset)
        return .array(rows.map(Self.dto))
    }

    /// `POST /api/webhook/deliveries/replay` {id}: administrators, or the owner of an application
    /// the delivery targets.
    @Sendable func replay(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let identity = try SDevs.identity(context)
        let body = try await SDevs.body(request, context)
        guard let id = body["id"].string.flatMap(Int64.init) else { throw SlipwayError.invalidInput("id is required") }
        let outcome = try await deliveries.replay(id: id, by: identity.user)
        return Self.dto(outcome.delivery)
    }

    static func dto(_ d: TriggerDelivery) -> JSONValue {
        .object([
            "id": .string(String(d.id)), "delivery_id": .string(d.deliveryID), "provider": .string(d.provider),
            "event": .string(d.event), "headers": .object(d.headers.mapValues(JSONValue.string)),
            "signature_status": .string(d.signatureStatus), "received_at": .number(Double(d.receivedAt)),
            "decision": .string(d.decision), "task_ref": .string(d.taskRef), "body_bytes": .number(Double(d.body.utf8.count)),
        ])
    }
}
