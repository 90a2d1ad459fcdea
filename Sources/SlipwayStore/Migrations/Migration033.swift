import SQLKit

/// Team CI build templates (CreateCodingCIJobByTeamTemplate): a Jenkinsfile and variables as
/// JSON, the values of sensitive variables sealed apart. Team-wide: no project owns them, and a
/// job made from one keeps its own copy.
enum Migration033 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        try await db.raw(
            """
            CREATE TABLE ci_team_templates (
                id \(unsafeRaw: id),
                name TEXT NOT NULL UNIQUE,
                config TEXT NOT NULL,
                secrets TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """
        ).run()
    }
}
