import SQLKit

/// Agent machines' own SSH keys: the public half each agent reports when it connects (an
/// `authorized_keys` line; empty until it reports one). The private half stays on the agent.
enum Migration041 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.raw("ALTER TABLE agents ADD COLUMN ssh_public_key TEXT NOT NULL DEFAULT ''").run()
    }
}
