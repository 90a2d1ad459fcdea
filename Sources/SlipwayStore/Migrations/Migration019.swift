import SQLKit

/// Web sign-in: a user's password (a bcrypt hash, never the password) and the browser sessions
/// signed in with it. A session is kept only as the SHA-256 hash of its cookie value, with the
/// CSRF token its forms carry and when it expires. Both belong to their user and go with them.
enum Migration019 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            CREATE TABLE user_passwords (
                user_uid TEXT PRIMARY KEY REFERENCES users (uid) ON DELETE CASCADE,
                hash TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """
        ).run()
        try await db.raw(
            """
            CREATE TABLE web_sessions (
                id_hash TEXT PRIMARY KEY,
                user_uid TEXT NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """
        ).run()
        try await db.create(index: "web_sessions_user").on("web_sessions").column("user_uid").run()
    }
}
