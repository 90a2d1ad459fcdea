import SQLKit
import SlipwayCore

/// Users' web sign-in passwords, kept only as hashes (bcrypt, made by the services layer).
package struct PasswordRepository: Sendable {
    let sql: any SQLStore

    /// Set (or replace) a user's password hash. `notFound` for an unknown user.
    package func set(userUID: String, hash: String, at time: EpochMillis = .now()) async throws {
        try await sql.write { db in
            guard try await UserRepository.find(uid: userUID, db) != nil else {
                throw SlipwayError.notFound("user \(userUID) not found")
            }
            try await db.delete(from: "user_passwords").where("user_uid", .equal, userUID).run()
            try await db.insert(into: "user_passwords").columns("user_uid", "hash", "updated_at")
                .values(SQLBind(userUID), SQLBind(hash), SQLBind(time)).run()
        }
    }

    /// The user's password hash; nil when the user has no password (cannot sign in on the web).
    package func hash(userUID: String) async throws -> String? {
        try await sql.read { db in
            try await db.select().column("hash").from("user_passwords").where("user_uid", .equal, userUID)
                .first(decodingColumn: "hash", as: String.self)
        }
    }
}

extension Store {
    /// Web sign-in passwords.
    package var passwords: PasswordRepository { PasswordRepository(sql: sql) }
}
