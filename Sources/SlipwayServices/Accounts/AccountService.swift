import Foundation
import SlipwayCore
import SlipwayStore

/// Web sign-in and a user's own API tokens: the same users, tokens and checks as the APIs.
package struct AccountService: Sendable {
    let context: ServiceContext
    let throttle: SignInThrottle
    var store: Store { context.store }

    /// `throttle` counts failed sign-ins; share one across requests.
    package init(_ context: ServiceContext, throttle: SignInThrottle = SignInThrottle()) {
        self.context = context
        self.throttle = throttle
    }

    /// How a sign-in attempt ended.
    package enum SignIn: Sendable, Equatable {
        /// The cookie value to hand the browser, and the session's CSRF token.
        case signedIn(user: User, secret: String, csrfToken: String)
        /// Unknown account, no password set, or a wrong password: one answer for all three.
        case refused
        /// Too many failures for this account lately.
        case throttled
    }

    /// Check an account's password and open a session lasting `lifetime`.
    package func signIn(account: String, password: String, lifetime: Duration) async throws -> SignIn {
        guard throttle.allows(account) else { return .throttled }
        let user = try await store.users.find(account: account)
        let hash = try await user.asyncMap { try await store.passwords.hash(userUID: $0.uid) } ?? nil
        let matches = PasswordHasher.verify(password, hash: hash ?? PasswordHasher.decoy)
        guard let user, hash != nil, matches else {
            throttle.recordFailure(account)
            return .refused
        }
        throttle.reset(account)
        let expiresAt = EpochMillis.now() + EpochMillis(lifetime.components.seconds * 1000)
        let opened = try await store.webSessions.open(userUID: user.uid, expiresAt: expiresAt)
        try await store.users.touchLogin(uid: user.uid)
        return .signedIn(user: user, secret: opened.secret, csrfToken: opened.csrfToken)
    }

    /// The live session behind a cookie value.
    package func session(_ secret: String) async throws -> WebSession? {
        try await store.webSessions.find(secret: secret)
    }

    package func signOut(_ secret: String) async throws {
        try await store.webSessions.close(secret: secret)
    }

    /// The user's API tokens, newest first (never their secrets).
    package func tokens(of user: User) async throws -> [APIToken] {
        try await store.tokens.list(userUID: user.uid)
    }

    /// A new API token for the user; its secret is returned this once.
    package func issueToken(for user: User, name: String) async throws -> (secret: String, token: APIToken) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else { throw SlipwayError.invalidInput("a token name must be 1-100 characters") }
        return try await store.tokens.issue(userUID: user.uid, name: name)
    }

    /// Revoke one of the user's own tokens (an administrator may revoke anyone's). Another user's
    /// token is reported as not found, so its existence is not revealed.
    package func revokeToken(id: Int64, by user: User) async throws {
        if !user.isAdmin, try await !store.tokens.list(userUID: user.uid).contains(where: { $0.id == id }) {
            throw SlipwayError.notFound("token \(id) not found")
        }
        try await store.tokens.revoke(id: id)
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
