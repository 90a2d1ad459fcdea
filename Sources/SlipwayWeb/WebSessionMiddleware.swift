import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// On web pages: resolves the session cookie to the caller (so permission checks and the audit
/// log see the same identity as the APIs), reads a posted form and refuses it unless it carries
/// the session's CSRF token (or, before sign-in, the sign-in cookie's value).
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService
    let strings: WebStrings

    /// Largest form accepted (a run form with its parameters).
    static let formLimit = 256 * 1024

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        var state = WebRequestState(session: nil, sessionSecret: nil, form: FormBody(""))
        if let secret = Cookies.value(Cookies.session, in: request), let session = try await accounts.session(secret) {
            state.session = session
            state.sessionSecret = secret
            // A bearer token on a web page still wins, as everywhere; a session fills in only otherwise.
            if context.identity == nil { context.identity = Identity(user: session.user) }
        }
        var request = request
        if request.method == .post {
            let body = try await request.collectBody(upTo: Self.formLimit)
            state.form = FormBody(String(buffer: body))
            let expected = state.session?.csrfToken ?? Cookies.value(Cookies.signInCSRF, in: request)
            guard let expected, Self.constantTimeEqual(state.form["csrf"], expected) else {
                return WebErrorMiddleware.page(.forbidden, strings(.csrfMessage), strings, user: state.session?.user, csrfToken: state.session?.csrfToken)
            }
        }
        return try await WebRequestState.$current.withValue(state) {
            try await next(request, context)
        }
    }

    /// Compares without stopping at the first difference, so timing tells nothing of the token.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// On every API GET (the live log's event stream, the raw log): a signed-in browser's session
/// counts as its credential. Only reads: a cross-site form cannot post to the APIs with it.
package struct WebSessionReadMiddleware: RouterMiddleware {
    package typealias Context = AppRequestContext
    let accounts: AccountService

    package init(services: ServiceContext) {
        self.accounts = AccountService(services)
    }

    package func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        guard context.identity == nil, request.method == .get || request.method == .head,
            !request.uri.path.hasPrefix(WebRoutes.prefix), request.uri.path != "/",
            let secret = Cookies.value(Cookies.session, in: request), let session = try await accounts.session(secret)
        else { return try await next(request, context) }
        var context = context
        context.identity = Identity(user: session.user)
        return try await next(request, context)
    }
}
