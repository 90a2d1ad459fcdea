import SlipwayStore

/// What the web middleware learned about a request, for its handler: the session (when signed
/// in), its cookie value, and the posted form (already checked for its CSRF token).
package struct WebRequestState: Sendable {
    package var session: WebSession?
    package var sessionSecret: String?
    package var form: FormBody

    @TaskLocal package static var current = WebRequestState(session: nil, sessionSecret: nil, form: FormBody(""))
}

/// Why a page cannot be shown; rendered as a page by `WebErrorMiddleware`.
package enum WebFailure: Error, Sendable, Equatable {
    /// Not signed in: go to the sign-in page, then back to `next`.
    case signIn(next: String)
    /// A form without the session's CSRF token.
    case csrf
}
