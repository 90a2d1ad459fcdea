import SQLKit
import SlipwayCore

/// Writes of rows keyed by an `id` column, shared by the small repositories whose rows are one
/// aggregate each (CD host server groups, cloud accounts): an insert that returns its id, a
/// replace and a delete that say when the row is gone, a unique name mapped to a conflict, one
/// row by id and a page whose `keywordColumn` holds a keyword.
struct IdentifiedRows: Sendable {
    let sql: any SQLStore
    let table: String
    /// What the rows are called in messages (`host server group`).
    let noun: String

    /// Insert `values`; returns the new row's id. `name` is in the conflict message.
    func insert(_ values: [(String, any Encodable & Sendable)], name: String) async throws -> Int64 {
        let id = try await mapConflict("\(noun) \(name) already exists") {
            try await sql.write { db in
                try await db.insert(into: table).columns(values.map(\.0)).values(values.map { SQLBind($0.1) })
                    .returning("id").first(decodingColumn: "id", as: Int64.self)
            }
        }
        guard let id else { throw SlipwayError.internalError("\(noun) insert returned no id") }
        return id
    }

    /// Set `values` on row `id`; not found when it is gone.
    func update(id: Int64, _ values: [(String, any Encodable & Sendable)], name: String) async throws {
        try await mapConflict("\(noun) \(name) already exists") {
            try await sql.write { db in
                var update = db.update(table)
                for (column, value) in values { update = update.set(column, to: value) }
                let changed = try await update.where("id", .equal, id).returning("id").all()
                guard !changed.isEmpty else { throw SlipwayError.notFound("\(noun) \(id) not found") }
            }
        }
    }

    func delete(id: Int64) async throws {
        try await sql.write { db in
            let gone = try await db.delete(from: table).where("id", .equal, id).returning("id").all()
            guard !gone.isEmpty else { throw SlipwayError.notFound("\(noun) \(id) not found") }
        }
    }

    func row<Row: Decodable & Sendable>(id: Int64, as: Row.Type) async throws -> Row? {
        try await sql.read { db in
            try await db.select().column("*").from(table).where("id", .equal, id).first(decoding: Row.self, keyDecodingStrategy: .snakeCase)
        }
    }

    /// A page of rows by id; with a keyword, those whose `keywordColumn` holds it (any case).
    func page<Row: Decodable & Sendable>(_ keywordColumn: StaticString, _ keyword: String, page: Int, pageSize: Int, as: Row.Type) async throws -> (
        rows: [Row], total: Int
    ) {
        try await sql.read { db in
            try await db.page(table, as: Row.self, page: page, pageSize: pageSize, orderBy: "id") {
                keyword.isEmpty ? $0 : $0.where(LikePattern.contains(column: keywordColumn, keyword))
            }
        }
    }
}
