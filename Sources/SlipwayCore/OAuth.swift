/// A third-party application allowed to ask users for scoped access (OAuth 2.0 authorization code).
package struct OAuthClient: Sendable, Equatable {
    package var clientID: String
    package var name: String
    /// Where codes may be sent: the registered URI or a URI under it.
    package var redirectURI: String
    package var ownerUID: String
    package var createdAt: EpochMillis

    package init(clientID: String, name: String, redirectURI: String, ownerUID: String, createdAt: EpochMillis = .now()) {
        self.clientID = clientID
        self.name = name
        self.redirectURI = redirectURI
        self.ownerUID = ownerUID
        self.createdAt = createdAt
    }

    /// A redirect URI the client may use: the registered one, or one below it (same scheme, host and port).
    package func permits(redirect uri: String) -> Bool {
        guard !uri.isEmpty else { return true }
        if uri == redirectURI { return true }
        let base = redirectURI.hasSuffix("/") ? redirectURI : redirectURI + "/"
        return uri.hasPrefix(base) || uri.hasPrefix(redirectURI + "?")
    }
}

/// What a redeemed grant (code or refresh token) stands for.
package struct OAuthGrant: Sendable, Equatable {
    package var clientID: String
    package var userUID: String
    package var scopes: [String]

    package init(clientID: String, userUID: String, scopes: [String]) {
        self.clientID = clientID
        self.userUID = userUID
        self.scopes = scopes
    }
}

/// CODING's OAuth scopes.
package enum OAuthScopes {
    package static let all: Set<String> = [
        "user", "user:email", "notification", "project", "project:api_doc", "project:artifacts", "project:depot",
        "project:file", "project:issue", "project:key", "project:members", "project:notice", "project:wiki",
    ]

    /// A granted scope list covers `needed` when it holds it or its parent (`project` does not cover `project:depot`).
    package static func covers(_ granted: [String], _ needed: String) -> Bool {
        granted.contains(needed)
    }
}
