import SQLKit
import SlipwayCore

struct OAuthClientRow: Codable {
    var clientId: String
    var secretHash: String
    var name: String
    var redirectUri: String
    var ownerUid: String
    var createdAt: Int64

    var client: OAuthClient {
        OAuthClient(clientID: clientId, name: name, redirectURI: redirectUri, ownerUID: ownerUid, createdAt: createdAt)
    }
}

struct OAuthSecretRow: Codable {
    var clientId: String
    var userUid: String
    var scopes: String
    var redirectUri: String
    var accessTokenId: Int64
    var expiresAt: Int64
}

/// OAuth 2.0 bookkeeping. Every secret (client secret, code, refresh token) is stored hashed;
/// codes are single-use, refresh tokens rotate.
package struct OAuthRepository: Sendable {
    let sql: any SQLStore

    package static let codeLifetime: EpochMillis = 10 * 60 * 1000
    package static let refreshLifetime: EpochMillis = 30 * 24 * 3600 * 1000

    /// Register a client; returns it and its secret (shown once).
    package func createClient(name: String, redirectURI: String, ownerUID: String) async throws -> (client: OAuthClient, secret: String) {
        guard !name.isEmpty else { throw SlipwayError.invalidInput("name is required") }
        guard redirectURI.hasPrefix("http://") || redirectURI.hasPrefix("https://") else {
            throw SlipwayError.invalidInput("redirect_uri must be an http(s) URL")
        }
        let client = OAuthClient(
            clientID: String(TokenSecret.generate().dropFirst(4).prefix(20)), name: name,
            redirectURI: redirectURI, ownerUID: ownerUID)
        let secret = TokenSecret.generate()
        try await sql.write { db in
            try await db.insert(into: "oauth_clients")
                .columns("client_id", "secret_hash", "name", "redirect_uri", "owner_uid", "created_at")
                .values(
                    SQLBind(client.clientID), SQLBind(TokenSecret.hash(secret)), SQLBind(name), SQLBind(redirectURI),
                    SQLBind(ownerUID), SQLBind(client.createdAt)
                ).run()
        }
        return (client, secret)
    }

    package func client(id: String) async throws -> OAuthClient? {
        try await sql.read { db in try await Self.clientRow(id, db)?.client }
    }

    static func clientRow(_ id: String, _ db: any SQLDatabase) async throws -> OAuthClientRow? {
        try await db.select().column("*").from("oauth_clients").where("client_id", .equal, id)
            .first(decoding: OAuthClientRow.self, keyDecodingStrategy: .snakeCase)
    }

    /// The client when the secret matches (hash compare).
    package func authenticateClient(id: String, secret: String) async throws -> OAuthClient? {
        try await sql.read { db in
            guard let row = try await Self.clientRow(id, db), row.secretHash == TokenSecret.hash(secret) else { return nil }
            return row.client
        }
    }

    /// A single-use authorization code for a user's consent.
    package func issueCode(_ grant: OAuthGrant, redirectURI: String) async throws -> String {
        let code = TokenSecret.generate()
        try await insertSecret(
            "oauth_codes", code, grant, redirectURI: redirectURI, accessTokenID: 0,
            expiresAt: .now() + Self.codeLifetime)
        return code
    }

    /// Redeem a code once: nil when unknown, used, expired, or issued to another client or redirect URI.
    package func redeemCode(_ code: String, clientID: String, redirectURI: String?) async throws -> OAuthGrant? {
        guard let (row, _) = try await takeSecret("oauth_codes", code, clientID: clientID) else { return nil }
        if let redirectURI, !redirectURI.isEmpty, !row.redirectUri.isEmpty, redirectURI != row.redirectUri { return nil }
        return OAuthGrant(clientID: row.clientId, userUID: row.userUid, scopes: Self.scopes(row.scopes))
    }

    package func issueRefresh(_ grant: OAuthGrant, accessTokenID: Int64) async throws -> String {
        let token = TokenSecret.generate()
        try await insertSecret(
            "oauth_refresh_tokens", token, grant, redirectURI: "", accessTokenID: accessTokenID,
            expiresAt: .now() + Self.refreshLifetime)
        return token
    }

    /// Redeem (and so retire) a refresh token; returns its grant and the access token it belonged to.
    package func redeemRefresh(_ token: String, clientID: String) async throws -> (grant: OAuthGrant, accessTokenID: Int64)? {
        guard let (row, _) = try await takeSecret("oauth_refresh_tokens", token, clientID: clientID) else { return nil }
        return (OAuthGrant(clientID: row.clientId, userUID: row.userUid, scopes: Self.scopes(row.scopes)), row.accessTokenId)
    }

    private func insertSecret(
        _ table: String, _ secret: String, _ grant: OAuthGrant, redirectURI: String,
        accessTokenID: Int64, expiresAt: EpochMillis
    ) async throws {
        try await sql.write { db in
            try await db.insert(into: table)
                .columns("secret_hash", "client_id", "user_uid", "scopes", "redirect_uri", "access_token_id", "expires_at")
                .values(
                    SQLBind(TokenSecret.hash(secret)), SQLBind(grant.clientID), SQLBind(grant.userUID),
                    SQLBind(grant.scopes.joined(separator: ",")), SQLBind(redirectURI), SQLBind(accessTokenID), SQLBind(expiresAt)
                )
                .run()
        }
    }

    /// Delete-and-return in one transaction, so a secret can be redeemed at most once.
    private func takeSecret(_ table: String, _ secret: String, clientID: String) async throws -> (OAuthSecretRow, Void)? {
        let hash = TokenSecret.hash(secret)
        return try await sql.write { db in
            guard
                let row = try await db.select().columns("client_id", "user_uid", "scopes", "redirect_uri", "access_token_id", "expires_at")
                    .from(table).where("secret_hash", .equal, hash)
                    .first(decoding: OAuthSecretRow.self, keyDecodingStrategy: .snakeCase)
            else { return nil }
            try await db.delete(from: table).where("secret_hash", .equal, hash).run()
            guard row.clientId == clientID, row.expiresAt > EpochMillis.now() else { return nil }
            return (row, ())
        }
    }

    static func scopes(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}
