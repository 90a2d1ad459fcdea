/// A person (or robot) who can call the API.
public struct User: Sendable, Equatable {
    /// Stable public identifier (UUID string), Zadig's `uid`.
    public var uid: String
    /// Login name, unique.
    public var account: String
    /// Display name.
    public var name: String
    public var email: String
    /// How the account was created: `system` for local accounts.
    public var identityType: String
    /// System administrators may do everything in every project.
    public var isAdmin: Bool
    public var createdAt: EpochMillis
    public var lastLoginAt: EpochMillis?

    public init(
        uid: String, account: String, name: String, email: String = "", identityType: String = "system",
        isAdmin: Bool = false, createdAt: EpochMillis = .now(), lastLoginAt: EpochMillis? = nil
    ) {
        self.uid = uid
        self.account = account
        self.name = name
        self.email = email
        self.identityType = identityType
        self.isAdmin = isAdmin
        self.createdAt = createdAt
        self.lastLoginAt = lastLoginAt
    }

    /// Accounts are short, printable, and safe to use in URLs and git remotes.
    public static func validateAccount(_ account: String) throws(SlipwayError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@")
        guard !account.isEmpty, account.count <= 64, account.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidInput("account must be 1-64 characters of letters, digits, '-', '_', '.', '@'")
        }
    }
}
