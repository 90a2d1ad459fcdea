import SQLKit
import SlipwayCore

struct ImageRegistryRow: Codable {
    var id: Int64
    var address: String
    var provider: String
    var region: String
    var namespace: String
    var isDefault: Bool
    var accessKey: String
    var secretKey: String
    var enableTls: Bool
    var tlsCert: String
    var updatedBy: String
    var updatedAt: Int64

    /// The registry, its secret key opened with `box`.
    func registry(_ box: SecretBox) throws -> ImageRegistry {
        ImageRegistry(
            id: id, address: address, provider: ImageRegistry.Provider(rawValue: provider) ?? .native, region: region, namespace: namespace,
            isDefault: isDefault, accessKey: accessKey, secretKey: secretKey.isEmpty ? "" : try box.open(secretKey), enableTLS: enableTls,
            tlsCert: tlsCert, updatedBy: updatedBy, updatedAt: updatedAt)
    }
}

/// Zadig image registries. Secret keys are stored sealed; writing a default registry makes every
/// other one not the default, in the same transaction.
package struct ImageRegistryRepository: Sendable {
    let sql: any SQLStore
    let box: SecretBox
    static let table = "zadig_image_registries"
    var rows: IdentifiedRows { IdentifiedRows(sql: sql, table: Self.table, noun: "image registry") }

    /// Store a new registry; returns its id. An address and namespace already registered is a conflict.
    package func create(_ registry: ImageRegistry) async throws -> Int64 {
        let values = try columns(registry)
        let id = try await mapConflict("image registry \(registry.host)/\(registry.namespace) already exists") {
            try await sql.write { db in
                if registry.isDefault { try await db.update(Self.table).set("is_default", to: false).run() }
                return try await db.insert(into: Self.table).columns(values.map(\.0)).values(values.map { SQLBind($0.1) })
                    .returning("id").first(decodingColumn: "id", as: Int64.self)
            }
        }
        guard let id else { throw SlipwayError.internalError("image registry insert returned no id") }
        return id
    }

    /// Replace registry `registry.id`; not found when it is gone.
    package func update(_ registry: ImageRegistry) async throws {
        let values = try columns(registry)
        try await mapConflict("image registry \(registry.host)/\(registry.namespace) already exists") {
            try await sql.write { db in
                if registry.isDefault {
                    try await db.update(Self.table).set("is_default", to: false).where("id", .notEqual, registry.id).run()
                }
                var update = db.update(Self.table)
                for (column, value) in values { update = update.set(column, to: value) }
                let changed = try await update.where("id", .equal, registry.id).returning("id").all()
                guard !changed.isEmpty else { throw SlipwayError.notFound("image registry \(registry.id) not found") }
            }
        }
    }

    func columns(_ registry: ImageRegistry) throws -> [(String, any Encodable & Sendable)] {
        [
            ("address", registry.address), ("provider", registry.provider.rawValue), ("region", registry.region),
            ("namespace", registry.namespace), ("is_default", registry.isDefault), ("access_key", registry.accessKey),
            ("secret_key", registry.secretKey.isEmpty ? "" : try box.seal(registry.secretKey)), ("enable_tls", registry.enableTLS),
            ("tls_cert", registry.tlsCert), ("updated_by", registry.updatedBy), ("updated_at", registry.updatedAt),
        ]
    }

    package func get(id: Int64) async throws -> ImageRegistry? {
        try await rows.row(id: id, as: ImageRegistryRow.self)?.registry(box)
    }

    /// Every registry, by id.
    package func list() async throws -> [ImageRegistry] {
        try await sql.read { db in
            try await db.select().column("*").from(Self.table).orderBy("id")
                .all(decoding: ImageRegistryRow.self, keyDecodingStrategy: .snakeCase)
        }.map { try $0.registry(box) }
    }
}
