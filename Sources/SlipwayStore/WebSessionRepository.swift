import SQLKit
import SlipwayCore

/// A signed-in browser: its user, the CSRF token its forms carry, and when it expires.
package struct WebSession: Sendable, Equatable {
    package var user: User
    package var csrfToken: String
    package var expiresAt: EpochMillis
}

/// Browser sessions, looked up by the SHA-256 hash of the cookie value (never stored in clear).
package struct WebSessionRepository: Sendable {
    let sql: any SQLStore

    /// Open a session for a user until `expiresAt`; returns the cookie value (shown only to that
    /// browser) and the session's CSRF token.
    package func open(userUID: String, expiresAt: EpochMillis, now: EpochMillis = .now()) async throws -> (secret: String, csrfToken: String) {
        let secret = TokenSecret.generate()
        let csrf = TokenSecret.generate()
        try await sql.write { db in
            // Expired sessions go whenever a new one opens, so the table does not grow without end.
            try await db.delete(from: "web_sessions").where("expires_at", .lessThanOrEqual, now).run()
            try await db.insert(into: "web_sessions").columns("id_hash", "user_uid", "csrf_token", "created_at", "expires_at")
                .values(SQLBind(TokenSecret.hash(secret)), SQLBind(userUID), SQLBind(csrf), SQLBind(now), SQLBind(expiresAt)).run()
        }
        return (secret, csrf)
    }

    /// The live session behind a cookie value; nil when unknown or expired.
    package func find(secret: String, now: EpochMillis = .now()) async throws -> WebSession? {
        try await sql.read { db in
            guard
                let row = try await db.select().columns("user_uid", "csrf_token", "expires_at").from("web_sessions")
                    .where("id_hash", .equal, TokenSecret.hash(secret)).first(),
                case let expiresAt = try row.decode(column: "expires_at", as: Int64.self), expiresAt > now,
                let user = try await UserRepository.find(uid: try row.decode(column: "user_uid", as: String.self), db)
            else { return nil }
            return WebSession(user: user, csrfToken: try row.decode(column: "csrf_token", as: String.self), expiresAt: expiresAt)
        }
    }

    /// End one session (sign-out).
    package func close(secret: String) async throws {
        try await sql.write { db in
            try await db.delete(from: "web_sessions").where("id_hash", .equal, TokenSecret.hash(secret)).run()
        }
    }

    /// End every session of a user (a password change).
    package func closeAll(userUID: String) async throws {
        try await sql.write { db in
            try await db.delete(from: "web_sessions").where("user_uid", .equal, userUID).run()
        }
    }
}

extension Store {
    /// Signed-in browsers.
    package var webSessions: WebSessionRepository { WebSessionRepository(sql: sql) }
}
