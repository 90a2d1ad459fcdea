import Hummingbird
import SlipwayStore

/// Resolves any credential style to one identity. It never rejects: each dialect decides
/// what an anonymous or unknown caller gets, in its own envelope.
package struct AuthenticationMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let store: Store

    package init(store: Store) {
        self.store = store
    }

    package func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let secret = Credentials.secret(from: request) {
            context.identity = try await store.tokens.authenticate(secret: secret)
            if let identity = context.identity {
                context.logger[metadataKey: "user"] = .string(identity.user.account)
            }
        }
        return try await next(request, context)
    }
}
