import Crypto
import Foundation
import SQLKit
import SlipwayCore

/// The agent install secret: one per server, sealed at rest, made on first use. Whoever holds it
/// may enroll a new agent (which then gets a token of its own).
package struct AgentEnrollmentRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox

    /// The secret, made now if there is none (callers racing to make it all get the one stored).
    /// A read once it exists: only the first call writes.
    package func secret() async throws -> String {
        if let sealed = try await sql.read({ db in try await Self.stored(db) }) { return try box.open(sealed) }
        let candidate = try box.seal(TokenSecret.generate())
        let sealed = try await sql.write { db in
            try await db.raw(
                "INSERT INTO agent_enrollment (id, secret, created_at) VALUES (1, \(bind: candidate), \(bind: EpochMillis.now())) ON CONFLICT (id) DO NOTHING"
            ).run()
            return try await Self.stored(db)
        }
        guard let sealed else { throw SlipwayError.failedPrecondition("the agent install secret was not stored") }
        return try box.open(sealed)
    }

    /// Whether `presented` is the secret (never, before one is made). Compared in constant time.
    package func matches(_ presented: String) async throws -> Bool {
        guard let sealed = try await sql.read({ db in try await Self.stored(db) }) else { return false }
        let stored = try box.open(sealed)
        // Equal-length digests, compared byte by byte without an early exit.
        let a = Array(SHA256.hash(data: Data(stored.utf8))), b = Array(SHA256.hash(data: Data(presented.utf8)))
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The sealed secret, if one was made.
    static func stored(_ db: any SQLDatabase) async throws -> String? {
        try await db.select().column("secret").from("agent_enrollment").where("id", .equal, 1).first(decodingColumn: "secret", as: String.self)
    }
}

extension Store {
    package var agentEnrollment: AgentEnrollmentRepository { AgentEnrollmentRepository(sql: sql, box: secrets) }
}
