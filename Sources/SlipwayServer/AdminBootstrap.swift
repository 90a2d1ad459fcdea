import SlipwayCore
import SlipwayStore

/// First start: create the admin user and its API token. Returns the token to print, once.
package enum AdminBootstrap {
    package static let adminAccount = "admin"

    /// On an empty store, create `admin` with a token (the given one, or a new one, which is returned).
    /// On a store that has users, register a given token for the admin if it is not known yet.
    package static func ensureAdmin(store: Store, givenToken: String?) async throws -> String? {
        if try await store.users.count() == 0 {
            let admin = User(uid: TokenSecret.uuid(), account: adminAccount, name: "Administrator", isAdmin: true)
            try await store.users.create(admin)
            let issued = try await store.tokens.issue(userUID: admin.uid, name: "bootstrap", secret: givenToken)
            return givenToken == nil ? issued.secret : nil
        }
        if let givenToken, try await !store.tokens.exists(secret: givenToken),
            let admin = try await store.users.find(account: adminAccount)
        {
            _ = try await store.tokens.issue(userUID: admin.uid, name: "bootstrap", secret: givenToken)
        }
        return nil
    }
}
