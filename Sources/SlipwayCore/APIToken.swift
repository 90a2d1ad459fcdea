/// A stored API token. The secret itself is never stored, only its SHA-256 hash.
package struct APIToken: Sendable, Equatable {
    package var id: Int64
    package var userUID: String
    package var name: String
    /// The first characters of the secret, to let a user recognise a token in a list.
    package var prefix: String
    /// Scopes this token may use; empty means every scope of its user.
    package var scopes: [String]
    package var createdAt: EpochMillis
    package var expiresAt: EpochMillis?

    package init(
        id: Int64, userUID: String, name: String, prefix: String, scopes: [String], createdAt: EpochMillis,
        expiresAt: EpochMillis?
    ) {
        self.id = id
        self.userUID = userUID
        self.name = name
        self.prefix = prefix
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Who is calling: the user behind a credential, and what the credential allows.
package struct Identity: Sendable, Equatable {
    package var user: User
    /// Scopes granted by the credential; empty means unrestricted.
    package var scopes: [String]
    package var tokenID: Int64?

    package init(user: User, scopes: [String] = [], tokenID: Int64? = nil) {
        self.user = user
        self.scopes = scopes
        self.tokenID = tokenID
    }
}
