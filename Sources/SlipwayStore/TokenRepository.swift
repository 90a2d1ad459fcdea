import SQLKit
import SlipwayCore

struct TokenRow: Codable {
    var id: Int64
    var userUid: String
    var name: String
    var prefix: String
    var scopes: String
    var createdAt: Int64
    var expiresAt: Int64?

    var token: APIToken {
        APIToken(
            id: id, userUID: userUid, name: name, prefix: prefix,
            scopes: scopes.split(separator: ",").map(String.init), createdAt: createdAt, expiresAt: expiresAt)
    }
}

/// API tokens: issued to a user, shown once, looked up by hash.
package struct TokenRepository: Sendable {
    let sql: any SQLStore

    /// Issue a token for a user. Pass `secret` to register a known secret (unattended installs).
    /// Returns the secret (the only time it exists in clear) and the stored token.
    package func issue(
        userUID: String, name: String, scopes: [String] = [], secret: String? = nil, expiresAt: EpochMillis? = nil
    ) async throws -> (secret: String, token: APIToken) {
        let secret = secret ?? TokenSecret.generate()
        guard secret.count >= 16 else { throw SlipwayError.invalidInput("a token must be at least 16 characters") }
        let hash = TokenSecret.hash(secret)
        let prefix = String(secret.prefix(8))
        let now = EpochMillis.now()
        let id = try await sql.write { db in
            guard try await UserRepository.find(uid: userUID, db) != nil else {
                throw SlipwayError.notFound("user \(userUID) not found")
            }
            return try await mapConflict("this token is already registered") {
                try await db.insert(into: "api_tokens")
                    .columns("user_uid", "name", "token_hash", "prefix", "scopes", "created_at", "expires_at")
                    .values(
                        SQLBind(userUID), SQLBind(name), SQLBind(hash), SQLBind(prefix),
                        SQLBind(scopes.joined(separator: ",")), SQLBind(now), SQLBind(expiresAt)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            }
        }
        return (secret, APIToken(id: id, userUID: userUID, name: name, prefix: prefix, scopes: scopes, createdAt: now, expiresAt: expiresAt))
    }

    /// True when a token with this secret is already stored.
    package func exists(secret: String) async throws -> Bool {
        try await sql.read { db in
            try await db.count("api_tokens") { $0.where("token_hash", .equal, TokenSecret.hash(secret)) } > 0
        }
    }

    /// A user's tokens, newest first (no secrets).
    package func list(userUID: String) async throws -> [APIToken] {
        try await sql.read { db in
            try await db.select()
                .columns("id", "user_uid", "name", "prefix", "scopes", "created_at", "expires_at")
                .from("api_tokens").where("user_uid", .equal, userUID).orderBy("id", .descending)
                .all(decoding: TokenRow.self, keyDecodingStrategy: .snakeCase).map(\.token)
        }
    }

    package func revoke(id: Int64) async throws {
        try await sql.write { db in
            guard try await db.count("api_tokens", { $0.where("id", .equal, id) }) > 0 else {
                throw SlipwayError.notFound("token \(id) not found")
            }
            try await db.delete(from: "api_tokens").where("id", .equal, id).run()
        }
    }
}
