import SQLKit
import SlipwayCore

/// The lookup every authenticated request makes: a token by its secret's hash, with its user, in
/// one query (fixed text; the hash is bound) read as a plain row, prepared once per connection on
/// PostgreSQL (`SQLStore.readPlainPrepared`).
extension TokenRepository {
    /// The identity a token secret stands for; nil when no live token has it.
    package func authenticate(secret: String, now: EpochMillis = .now()) async throws -> Identity? {
        let hash = TokenSecret.hash(secret)
        guard let row = try await sql.readPlainPrepared("\(unsafeRaw: Self.identityByHash)\(bind: hash)", columns: TokenIdentityRow.columns).first
        else { return nil }
        let identity = TokenIdentityRow(row)
        if let expiry = identity.expiresAt, expiry <= now { return nil }
        return identity.identity
    }

    static let identityByHash =
        "SELECT t.id, t.scopes, t.expires_at, u.uid, u.account, u.name, u.email, u.identity_type, u.is_admin, u.created_at,"
        + " u.last_login_at FROM api_tokens t JOIN users u ON u.uid = t.user_uid WHERE t.token_hash = "
}

/// A token joined with its user, from a plain row of `identityByHash`.
struct TokenIdentityRow {
    var tokenID: Int64
    var scopes: String
    var expiresAt: Int64?
    var user: User

    static let columns: [PlainColumn] = [
        .int("id"), .text("scopes"), .int("expires_at"), .text("uid"), .text("account"), .text("name"), .text("email"),
        .text("identity_type"), .int("is_admin"), .int("created_at"), .int("last_login_at"),
    ]

    init(_ row: PlainRow) {
        tokenID = row.int(0)
        scopes = row.text(1)
        expiresAt = row.isNull(2) ? nil : row.int(2)
        user = User(
            uid: row.text(3), account: row.text(4), name: row.text(5), email: row.text(6), identityType: row.text(7),
            isAdmin: row.int(8) != 0, createdAt: row.int(9), lastLoginAt: row.isNull(10) ? nil : row.int(10))
    }

    var identity: Identity {
        Identity(user: user, scopes: scopes.split(separator: ",").map(String.init), tokenID: tokenID)
    }
}
