import HTTPTypes
import Hummingbird
import SlipwayCore
import SlipwayHTTP
import SlipwayStore

/// Sign-in and sign-out.
extension WebPages {
    @Sendable func signInForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        if state.session != nil { return WebResponse.redirect("/") }
        return signInPage(request, next: request.uri.queryParameters.get("next").map { String($0) } ?? "/", message: nil, status: .ok)
    }

    /// The form, with a fresh CSRF value in a cookie and in the form (double submit: a page on
    /// another site can neither read nor set it).
    func signInPage(_ request: Request, next: String, message: String?, status: HTTPResponse.Status, account: String = "") -> Response {
        let csrf = TokenSecret.generate()
        let layout = Layout(strings: strings, user: nil, csrfToken: csrf)
        let notice: HTML = message.map { "<p class=\"notice error\" role=\"alert\">\($0)</p>" } ?? .empty
        let body: HTML = """
            <h1>\(strings(.signInTitle))</h1>
            \(notice)
            <form class="stack" method="post" action="\(WebRoutes.signInPath)">
            \(layout.csrfField)
            <input type="hidden" name="next" value="\(next)">
            <label for="account">\(strings(.account))</label>
            <input id="account" name="account" autocomplete="username" required value="\(account)">
            <label for="password">\(strings(.password))</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">\(strings(.signIn))</button>
            </form>
            """
        var headers = HTTPFields()
        headers[.setCookie] = Cookies.header(Cookies.signInCSRF, csrf, maxAge: 3600, secure: Cookies.secure(request, configuration))
        return WebResponse.page(layout.page(title: strings(.signIn), body), status: status, headers: headers)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = state.form
        let next = Self.localPath(form["next"])
        switch try await accounts.signIn(account: form["account"], password: form["password"], lifetime: configuration.sessionLifetime) {
        case .signedIn(_, let secret, _):
            let secure = Cookies.secure(request, configuration)
            var headers = HTTPFields()
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: Cookies.header(Cookies.session, secret, maxAge: Int(configuration.sessionLifetime.components.seconds), secure: secure)))
            headers.append(HTTPField(name: .setCookie, value: Cookies.header(Cookies.signInCSRF, "", maxAge: 0, secure: secure)))
            return WebResponse.redirect(next, headers: headers)
        case .refused:
            return signInPage(request, next: next, message: strings(.signInFailed), status: .unauthorized, account: form["account"])
        case .throttled:
            return signInPage(request, next: next, message: strings(.signInThrottled), status: .tooManyRequests, account: form["account"])
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let secret = state.sessionSecret { try await accounts.signOut(secret) }
        var headers = HTTPFields()
        headers[.setCookie] = Cookies.header(Cookies.session, "", maxAge: 0, secure: Cookies.secure(request, configuration))
        return WebResponse.redirect(WebRoutes.signInPath, headers: headers)
    }

    /// Where to go after signing in: a path on this site only (never `//elsewhere` or a URL).
    static func localPath(_ next: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), !next.contains("\r"), !next.contains("\n") else { return "/" }
        return next
    }
}
