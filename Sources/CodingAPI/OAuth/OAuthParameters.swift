import Foundation
import Hummingbird
import SlipwayCore

/// OAuth endpoints take their parameters from the query, a form body or a JSON body.
struct OAuthParameters {
    private var values: [String: String]

    static func read(_ request: Request, context: some RequestContext) async throws -> OAuthParameters {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let text = String(buffer: buffer)
        if text.hasPrefix("{") {
            for (key, value) in ((try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))?.object ?? [:]) {
                values[key] = value.string ?? ""
            }
        } else if !text.isEmpty {
            var components = URLComponents()
            components.percentEncodedQuery = text.replacingOccurrences(of: "+", with: "%20")
            for item in components.queryItems ?? [] { values[item.name] = item.value ?? "" }
        }
        return OAuthParameters(values: values)
    }

    subscript(_ key: String) -> String? {
        values[key].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Requested scopes: comma- or space-separated, each a known CODING scope.
    func scopes() throws(SlipwayError) -> [String] {
        let requested = (self["scope"] ?? "user").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        if let unknown = requested.first(where: { !OAuthScopes.all.contains($0) }) {
            throw .invalidInput("unknown scope \(unknown)")
        }
        return Array(Set(requested)).sorted()
    }
}

/// HTML pages of the authorize step (deliberately plain).
enum OAuthPages {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func consent(client: OAuthClient, user: User, scopes: [String], redirectURI: String, state: String) -> String {
        let hidden = [
            ("client_id", client.clientID), ("redirect_uri", redirectURI), ("scope", scopes.joined(separator: ",")),
            ("state", state), ("response_type", "code"),
        ]
        .map { #"<input type="hidden" name="\#($0.0)" value="\#(escape($0.1))">"# }.joined()
        return """
            <!doctype html><html><head><meta charset="utf-8"><title>Authorize \(escape(client.name))</title></head><body>
            <h1>Authorize \(escape(client.name))</h1>
            <p>\(escape(client.name)) asks to act as <b>\(escape(user.account))</b> with: \(scopes.map(escape).joined(separator: ", ")).</p>
            <form method="post" action="/oauth_authorize.html">\(hidden)
            <button name="approve" value="1">Authorize</button> <button name="approve" value="0">Deny</button></form>
            </body></html>
            """
    }

    static let signIn = """
        <!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>
        <p>Sign in with your Slipway account name and an API token as the password.</p></body></html>
        """
}
