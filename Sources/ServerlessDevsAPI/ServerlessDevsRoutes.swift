import Foundation
import Hummingbird
import SlipwayCore
import SlipwayEngine
import SlipwayGit
import SlipwayHTTP
import SlipwayServices
import SlipwayStore
import SlipwayTriggers

/// The Serverless Devs dialect: `/api/flow/*` (applications, dispatch; `cd_token` auth) and
/// `/api/webhook/*` (provider deliveries into the inbox, delivery history, replay).
package enum ServerlessDevsRoutes {
    /// Mount the routes and register Serverless Devs applications as a trigger target of the
    /// inbox `deliveries` holds (the composition root creates it and connects it to the bus).
    /// Expects `AuthenticationMiddleware` earlier on the router. `baseURL` is where task links point.
    package static func register(
        on router: Router<AppRequestContext>, context: ServiceContext, deliveries: DeliveryService, baseURL: String = ""
    ) {
        let service = ApplicationService(context, links: ServerlessTriggerTarget.links(baseURL: baseURL))
        deliveries.inbox.targets.register(ServerlessTriggerTarget(runner: service.runner))
        let store = context.store
        let apps = ApplicationController(store: store, service: service)
        let webhooks = WebhookController(store: store, deliveries: deliveries)
        router.get("api/flow/application/list", use: SDevs.wrap(apps.list))
        router.get("api/flow/application/detail", use: SDevs.wrap(apps.detail))
        router.post("api/flow/application/create", use: SDevs.wrap(apps.create))
        router.post("api/flow/application/update", use: SDevs.wrap(apps.update))
        router.post("api/flow/application/remove", use: SDevs.wrap(apps.remove))
        router.post("api/flow/dispatch/manual", use: SDevs.wrap(apps.manual))
        router.post("api/flow/dispatch/redeploy", use: SDevs.wrap(apps.redeploy))
        router.post("api/flow/dispatch/cancel", use: SDevs.wrap(apps.cancel))
        router.get("api/flow/task/detail", use: SDevs.wrap(apps.taskDetail))
        let plugins = PluginController(store: store)
        router.get("api/flow/plugin/list", use: SDevs.wrap(plugins.list))
        router.post("api/flow/plugin/register", use: SDevs.wrap(plugins.register))
        router.post("api/flow/plugin/remove", use: SDevs.wrap(plugins.remove))
        router.get("api/webhook/deliveries", use: SDevs.wrap(webhooks.list))
        router.post("api/webhook/deliveries/replay", use: SDevs.wrap(webhooks.replay))
        router.get("api/webhook/refusals", use: SDevs.wrap(webhooks.refusals))
        router.post("api/webhook/:provider", use: webhooks.receive)
    }

    /// Where an application's task links point (the dialect's task detail), for other fronts
    /// that act on applications (the web pages' redeploy).
    package static func applicationLinks(baseURL: String) -> ApplicationLinks {
        ServerlessTriggerTarget.links(baseURL: baseURL)
    }
}

/// Envelope and error mapping, in one place for the dialect.
enum SDevs {
    /// `{success: true, data}`.
    struct Success<Data: Encodable & Sendable>: Encodable, Sendable {
        var success = true
        var data: Data
    }

    static func wrap<Data: Encodable & Sendable>(
        _ handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Data
    ) -> @Sendable (Request, AppRequestContext) async throws -> Response {
        { request, context in
            do {
                let data = try await handler(request, context)
                return try JSONResponse.make(Success(data: data))
            } catch let error as SlipwayError {
                return failure(error)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                return failure(.invalidInput("request body larger than \(context.maxUploadSize) bytes"), status: .contentTooLarge)
            }
        }
    }

    static func failure(_ error: SlipwayError, status override: HTTPResponse.Status? = nil) -> Response {
        let (mapped, code): (HTTPResponse.Status, String) =
            switch error {
            case .invalidInput: (.badRequest, "InvalidParameter")
            case .notFound: (.notFound, "NotFound")
            case .conflict: (.conflict, "Conflict")
            case .unauthenticated: (.unauthorized, "Unauthorized")
            case .forbidden: (.forbidden, "Forbidden")
            case .failedPrecondition: (.badRequest, "FailedPrecondition")
            case .internalError: (.internalServerError, "InternalError")
            }
        let status = override ?? mapped
        let message = error == .unauthenticated ? "a valid cd_token header is required" : error.detail
        return failure(code: code, message: message, status: status)
    }

    /// `{success: false, code, message}`.
    struct Failure: Encodable, Sendable {
        var success = false
        var code: String
        var message: String
    }

    static func failure(code: String, message: String, status: HTTPResponse.Status) -> Response {
        (try? JSONResponse.make(Failure(code: code, message: message), status: status)) ?? Response(status: status)
    }

    static func identity(_ context: AppRequestContext) throws -> Identity {
        guard let identity = context.identity else { throw SlipwayError.unauthenticated }
        return identity
    }

    static func body(_ request: Request, _ context: AppRequestContext) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return .object([:]) }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)), case .object = value else {
            throw SlipwayError.invalidInput("request body must be a JSON object")
        }
        if let nul = value.firstNUL {
            throw SlipwayError.invalidInput("\(nul.path().isEmpty ? "body" : nul.path()) must not contain a NUL character")
        }
        return value
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : String($0) }
    }

    /// SDevs task statuses from the engine's.
    static func status(_ status: TaskStatus) -> String {
        switch status {
        case .passed, .unstable, .skipped: return "success"
        case .failed, .timeout, .reject: return "failure"
        case .cancelled: return "cancelled"
        case .created, .waiting, .queued, .notStarted: return "pending"
        default: return "running"
        }
    }
}
