/// How the web interface behaves: session length, cookie security, sign-in throttling.
package struct WebConfiguration: Sendable {
    /// How long a sign-in lasts.
    package var sessionLifetime: Duration
    /// Always mark cookies `Secure` (the server is reached over TLS whatever the request says).
    /// Otherwise they are `Secure` when a proxy reports `X-Forwarded-Proto: https`.
    package var secureCookies: Bool
    /// Failed sign-ins allowed per account within `throttleWindow` before attempts are refused.
    package var throttleLimit: Int
    package var throttleWindow: Duration

    package init(
        sessionLifetime: Duration = .seconds(12 * 3600), secureCookies: Bool = false, throttleLimit: Int = 5,
        throttleWindow: Duration = .seconds(15 * 60)
    ) {
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
        self.throttleLimit = throttleLimit
        self.throttleWindow = throttleWindow
    }
}
