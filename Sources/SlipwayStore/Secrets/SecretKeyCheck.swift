import SQLKit

/// A known value sealed with the store's key when encryption was introduced (migration 12).
/// Opening it on every start tells a wrong key apart before anything is read or written with it.
enum SecretKeyCheck {
    static let table = "store_secrets"
    static let name = "key_check"
    static let plaintext = "slipway secret key check"

    static func create(_ db: any SQLDatabase, _ box: SecretBox) async throws {
        try await db.create(table: table)
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .text, .notNull)
            .run()
        try await db.insert(into: table).columns("name", "value")
            .values(SQLBind(name), SQLBind(try box.seal(plaintext))).run()
    }

    /// Throws `StoreError.secretKeyMismatch` when the check value does not open with `box`.
    static func verify(_ store: any SQLStore, _ box: SecretBox) async throws {
        let sealed = try await store.read { db in
            try await db.select().column("value").from(table).where("name", .equal, name)
                .first(decodingColumn: "value", as: String.self)
        }
        guard let sealed, SecretBox.isSealed(sealed), try box.open(sealed) == plaintext else {
            throw StoreError.secretKeyMismatch
        }
    }
}
