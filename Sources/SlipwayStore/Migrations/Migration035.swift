import SQLKit

/// Program members (issue 16): the users who hold a policy (role) in a program, one row per
/// policy. They go with the program and with the user.
enum Migration035 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            CREATE TABLE program_members (
                program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
                user_uid TEXT NOT NULL REFERENCES users (uid) ON DELETE CASCADE,
                policy TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (program_id, user_uid, policy)
            )
            """
        ).run()
        try await db.create(index: "program_members_user").on("program_members").column("user_uid").run()
    }
}
