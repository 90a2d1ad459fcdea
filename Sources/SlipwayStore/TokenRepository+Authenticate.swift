import SQLKit
import SlipwayCore

/// The lookup every authenticated request makes: a token by its secret's hash, with its user, in
/// one query (fixed text; the hash is bound) read column by column.
extension TokenRepository {
    /// The identity a token secret stands for; nil when no live token has it.
    package func authenticate(secret: String, now: EpochMillis = .now()) async throws -> Identity? {
        let hash = TokenSecret.hash(secret)
        return try await sql.read { db in
            guard let row = try await db.raw("\(unsafeRaw: Self.identityByHash)\(bind: hash)").first() else { return nil }
            let identity = try TokenIdentityRow(row)
            if let expiry = identity.expiresAt, expiry <= now { return nil }
            return identity.identity
        }
    }

    static let identityByHash =
        "SELECT t.id, t.scopes, t.expires_at, u.uid, u.account, u.name, u.email, u.identity_type, u.is_admin, u.created_at,"
        + " u.last_login_at FROM api_tokens t JOIN users u ON u.uid = t.user_uid WHERE t.token_hash = "
}

/// A token joined with its user, read column by column.
struct TokenIdentityRow {
    var tokenID: Int64
    var scopes: String
    var expiresAt: Int64?
    var user: User

    init(_ row: any SQLRow) throws {
        tokenID = try row.decode(column: "id", as: Int64.self)
        scopes = try row.decode(column: "scopes", as: String.self)
        expiresAt = try row.decode(column: "expires_at", as: Int64?.self)
        user = User(
            uid: try row.decode(column: "uid", as: String.self), account: try row.decode(column: "account", as: String.self),
            name: try row.decode(column: "name", as: String.self), email: try row.decode(column: "email", as: String.self),
            identityType: try row.decode(column: "identity_type", as: String.self),
            isAdmin: try row.decode(column: "is_admin", as: Int.self) != 0, createdAt: try row.decode(column: "created_at", as: Int64.self),
            lastLoginAt: try row.decode(column: "last_login_at", as: Int64?.self))
    }

    var identity: Identity {
        Identity(user: user, scopes: scopes.split(separator: ",").map(String.init), tokenID: tokenID)
    }
}
