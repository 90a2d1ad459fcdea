import Hummingbird

/// The web interface's cookies: the session, and the sign-in form's CSRF value (double submit).
enum Cookies {
    static let session = "slipway_session"
    static let signInCSRF = "slipway_signin"

    /// A cookie's value in the request, or nil.
    static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    let value = parts[1].trimmingCharacters(in: .whitespaces)
                    return value.isEmpty ? nil : value
                }
            }
        }
        return nil
    }

    /// True when cookies must be `Secure`: configured so, or the request came through TLS.
    static func secure(_ request: Request, _ configuration: WebConfiguration) -> Bool {
        if configuration.secureCookies { return true }
        let forwarded = request.headers[.init("X-Forwarded-Proto")!] ?? ""
        return forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Lax, whole site; `maxAge` 0 deletes it.
    static func header(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }
}
