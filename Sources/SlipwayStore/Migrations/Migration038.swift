import SQLKit

/// Zadig image registries (`/openapi/system/registry`): team-wide, no project owns them. The
/// secret key is stored sealed; at most one row is the default (kept so by the repository).
enum Migration038 {
    @Sendable static func apply(_ db: any SQLDatabase) async throws {
        let id = db.dialect.name == "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        try await db.raw(
            """
            CREATE TABLE zadig_image_registries (
                id \(unsafeRaw: id),
                address TEXT NOT NULL,
                provider TEXT NOT NULL,
                region TEXT NOT NULL,
                namespace TEXT NOT NULL,
                is_default BOOLEAN NOT NULL,
                access_key TEXT NOT NULL,
                secret_key TEXT NOT NULL,
                enable_tls BOOLEAN NOT NULL,
                tls_cert TEXT NOT NULL,
                updated_by TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (address, namespace)
            )
            """
        ).run()
    }
}
