/// A person (or robot) who can call the API.
package struct User: Sendable, Equatable {
    /// Stable public identifier (UUID string), Zadig's `uid`.
    package var uid: String
    /// Login name, unique.
    package var account: String
    /// Display name.
    package var name: String
    package var email: String
    /// How the account was created: `system` for local accounts.
    package var identityType: String
    /// System administrators may do everything in every project.
    package var isAdmin: Bool
    package var createdAt: EpochMillis
    package var lastLoginAt: EpochMillis?

    package init(
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
    package static func validateAccount(_ account: String) throws(SlipwayError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.@")
        guard !account.isEmpty, account.count <= 64, account.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidInput("account must be 1-64 characters of letters, digits, '-', '_', '.', '@'")
        }
    }
}
