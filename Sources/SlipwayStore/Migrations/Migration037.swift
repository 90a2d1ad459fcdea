import SQLKit

/// Team build templates (Zadig's `/api/aslan/template/build`): a build body as JSON, its
/// credential parameters sealed inside as a project's builds are. Team-wide: no project owns
/// them, and a build made from one keeps its own copy.
enum Migration037 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        try await db.raw(
            """
            CREATE TABLE zadig_build_templates (
                id \(unsafeRaw: id),
                name TEXT NOT NULL UNIQUE,
                document TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """
        ).run()
    }
}
