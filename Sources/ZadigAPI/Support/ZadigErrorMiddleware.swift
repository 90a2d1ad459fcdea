import Hummingbird
import SlipwayHTTP

/// Everything thrown inside the Zadig routes leaves as a Zadig envelope (or an empty 401/403).
struct ZadigErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            switch ZadigError.map(error) {
            case .success(let zadig):
                if zadig.status.code >= 500 {
                    context.logger.error("request failed", metadata: ["error": "\(error)"])
                }
                return try zadig.response(from: request, context: context)
            case .failure(let empty):
                return JSONResponse.empty(empty.status)
            }
        }
    }
}

/// Zadig requires a token on every `/openapi` and `/api/aslan` path: 401 with an empty body otherwise.
struct ZadigAuthRequiredMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let identity = context.identity else { return JSONResponse.empty(.unauthorized) }
        // Scoped (OAuth) tokens were granted CODING scopes only.
        guard identity.scopes.isEmpty else { return JSONResponse.empty(.forbidden) }
        return try await next(request, context)
    }
}
