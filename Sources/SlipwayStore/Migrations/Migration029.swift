import SQLKit

/// The agent install secret (CODING's `DescribeAgentSecret`): one row, sealed, made on first use.
/// An agent started with it enrolls itself and gets a token of its own.
enum Migration029 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            CREATE TABLE agent_enrollment (
                id INTEGER PRIMARY KEY,
                secret TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """
        ).run()
    }
}
