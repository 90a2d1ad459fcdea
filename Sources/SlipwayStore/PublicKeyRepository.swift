import SQLKit
import SlipwayCore

struct PublicKeyRow: Codable {
    var id: Int64
    var ownerUid: String
    /// NULL for a user's own key (its domain value is 0).
    var depotId: Int64?
    var title: String
    var content: String
    var fingerprint: String
    var md5Fingerprint: String
    var allowWrite: Int
    var expirationDate: String
    var createdAt: Int64

    var key: PublicKey {
        PublicKey(
            id: id, ownerUID: ownerUid, depotID: depotId ?? 0, title: title, content: content, fingerprint: fingerprint,
            md5Fingerprint: md5Fingerprint, allowWrite: allowWrite != 0, expirationDate: expirationDate,
            createdAt: createdAt)
    }
}

/// Users' SSH keys and depots' deploy keys. A key (by fingerprint) is registered once per owner
/// among user keys and once per depot among deploy keys.
package struct PublicKeyRepository: Sendable {
    let sql: any SQLStore

    package func create(_ key: PublicKey) async throws -> PublicKey {
        try await sql.write { db in
            let duplicate = try await db.count("public_keys") {
                let q = $0.where("fingerprint", .equal, key.fingerprint).whereDepot(key.depotID)
                return key.depotID == 0 ? q.where("owner_uid", .equal, key.ownerUID) : q
            }
            if duplicate > 0 { throw SlipwayError.conflict("this key is already added") }
            var stored = key
            stored.id =
                try await db.insert(into: "public_keys")
                .columns(
                    "owner_uid", "depot_id", "title", "content", "fingerprint", "md5_fingerprint", "allow_write",
                    "expiration_date", "created_at"
                )
                .values(
                    SQLBind(key.ownerUID), SQLBind(DepotReference.stored(key.depotID)), SQLBind(key.title), SQLBind(key.content),
                    SQLBind(key.fingerprint), SQLBind(key.md5Fingerprint), SQLBind(key.allowWrite.sqlInt),
                    SQLBind(key.expirationDate), SQLBind(key.createdAt)
                )
                .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            return stored
        }
    }

    /// A user's own keys, oldest first.
    package func userKeys(ownerUID: String) async throws -> [PublicKey] {
        try await sql.read { db in
            try await db.select().column("*").from("public_keys").where("owner_uid", .equal, ownerUID)
                .whereDepot(0).orderBy("id")
                .all(decoding: PublicKeyRow.self, keyDecodingStrategy: .snakeCase).map(\.key)
        }
    }

    /// Deploy keys of the given depots, oldest first.
    package func deployKeys(depotIDs: [Int64]) async throws -> [PublicKey] {
        guard !depotIDs.isEmpty else { return [] }
        return try await sql.read { db in
            try await db.select().column("*").from("public_keys").where("depot_id", .in, depotIDs).orderBy("id")
                .all(decoding: PublicKeyRow.self, keyDecodingStrategy: .snakeCase).map(\.key)
        }
    }

    /// Deletes a user key of `ownerUID` (depotID 0) or a deploy key of `depotID`; `notFound` otherwise.
    package func delete(id: Int64, ownerUID: String? = nil, depotID: Int64) async throws {
        try await sql.write { db in
            let filter: @Sendable (SQLSelectBuilder) -> SQLSelectBuilder = {
                let q = $0.where("id", .equal, id).whereDepot(depotID)
                return ownerUID.map { q.where("owner_uid", .equal, $0) } ?? q
            }
            guard try await db.count("public_keys", filter) > 0 else { throw SlipwayError.notFound("key \(id) not found") }
            try await db.delete(from: "public_keys").where("id", .equal, id).run()
        }
    }
}
