/// A stored API token. The secret itself is never stored, only its SHA-256 hash.
public struct APIToken: Sendable, Equatable {
    public var id: Int64
    public var userUID: String
    public var name: String
    /// The first characters of the secret, to let a user recognise a token in a list.
    public var prefix: String
    /// Scopes this token may use; empty means every scope of its user.
    public var scopes: [String]
    public var createdAt: EpochMillis
    public var expiresAt: EpochMillis?

    public init(
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
public struct Identity: Sendable, Equatable {
    public var user: User
    /// Scopes granted by the credential; empty means unrestricted.
    public var scopes: [String]
    public var tokenID: Int64?

    public init(user: User, scopes: [String] = [], tokenID: Int64? = nil) {
        self.user = user
        self.scopes = scopes
        self.tokenID = tokenID
    }
}
