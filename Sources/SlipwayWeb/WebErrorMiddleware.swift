import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayServices

/// Turns what a page handler threw into a page: a redirect to sign in, or an error page with the
/// matching status. Nothing of the data the caller may not see is in it.
struct WebErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let strings: WebStrings

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as WebFailure {
            switch failure {
            case .signIn(let next):
                return WebResponse.redirect("\(WebRoutes.signInPath)?next=\(HTML.component(next))")
            case .csrf:
                return page(.forbidden, strings(.csrfMessage), context)
            }
        } catch let error as PipelineError {
            return answer(error.underlying, context)
        } catch let error as SlipwayError {
            return answer(error, context)
        }
    }

    func answer(_ error: SlipwayError, _ context: AppRequestContext) -> Response {
        switch error {
        case .notFound: return page(.notFound, strings(.notFoundMessage), context)
        case .forbidden: return page(.forbidden, strings(.forbiddenMessage), context)
        case .unauthenticated: return WebResponse.redirect(WebRoutes.signInPath)
        case .invalidInput(let message): return page(.badRequest, strings(.badRequestMessage, message), context)
        case .conflict(let message), .failedPrecondition(let message): return page(.conflict, strings(.conflictMessage, message), context)
        case .internalError: return page(.internalServerError, strings(.errorTitle), context)
        }
    }

    func page(_ status: HTTPResponse.Status, _ message: String, _ context: AppRequestContext) -> Response {
        Self.page(status, message, strings, user: context.identity?.user, csrfToken: WebRequestState.current.session?.csrfToken)
    }

    /// An error page with `message`, for `user` (nil: signed out).
    static func page(_ status: HTTPResponse.Status, _ message: String, _ strings: WebStrings, user: User?, csrfToken: String?) -> Response {
        let body: HTML = """
            <h1>\(strings(.errorTitle))</h1>
            <p class="notice error" role="alert">\(message)</p>
            <p><a href="/">\(strings(.backHome))</a></p>
            """
        let layout = Layout(strings: strings, user: user, csrfToken: csrfToken)
        return WebResponse.page(layout.page(title: strings(.errorTitle), body), status: status)
    }
}
