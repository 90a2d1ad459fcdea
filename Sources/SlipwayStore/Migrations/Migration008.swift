import SQLKit

/// OAuth 2.0 clients, authorization codes and refresh tokens (access tokens are API tokens with scopes).
enum Migration008 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.create(table: "oauth_clients")
            .column("client_id", type: .text, .primaryKey(autoIncrement: false))
            .column("secret_hash", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("redirect_uri", type: .text, .notNull)
            .column("owner_uid", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        for table in ["oauth_codes", "oauth_refresh_tokens"] {
            try await db.create(table: table)
                .column("secret_hash", type: .text, .primaryKey(autoIncrement: false))
                .column("client_id", type: .text, .notNull)
                .column("user_uid", type: .text, .notNull)
                .column("scopes", type: .text, .notNull)
                .column("redirect_uri", type: .text, .notNull)
                .column("access_token_id", type: .bigint, .notNull)
                .column("expires_at", type: .bigint, .notNull)
                .run()
        }
    }
}
