import SQLKit
import SlipwayStore

/// Everything a project owns, found by following the database's cascading foreign keys from its
/// row (its depots, their merge requests, those requests' notes, …), with no table list kept by
/// hand. Taken before a delete, it tells afterwards whether anything of the project is left.
package struct OwnedRows: Sendable {
    /// Table → referenced column → the values (as text) the project owns there.
    package private(set) var keys: [String: [String: Set<String>]]
    package let schema: SchemaCatalog

    /// What `projectKey` owns right now.
    package static func of(project projectKey: String, _ sql: any SQLStore) async throws -> OwnedRows {
        let schema = try await SchemaCatalog.read(sql)
        var owned = OwnedRows(keys: ["projects": ["project_key": [projectKey]]], schema: schema)
        var changed = true
        while changed {
            changed = false
            for key in schema.foreignKeys where key.cascades {
                let parents = owned.keys[key.parent]?[key.parentColumn] ?? []
                guard !parents.isEmpty else { continue }
                let referenced = Set(schema.foreignKeys.filter { $0.parent == key.table }.map(\.parentColumn))
                for column in referenced.sorted() {
                    let found = try await sql.read { db in
                        try await db.raw(
                            """
                            SELECT CAST(\(ident: column) AS TEXT) AS v FROM \(ident: key.table)
                            WHERE CAST(\(ident: key.column) AS TEXT) IN (\(binds: Array(parents)))
                            """
                        ).all(decodingColumn: "v", as: String.self)
                    }
                    let before = owned.keys[key.table]?[column] ?? []
                    let merged = before.union(found)
                    if merged.count != before.count {
                        owned.keys[key.table, default: [:]][column] = merged
                        changed = true
                    }
                }
            }
        }
        return owned
    }

    /// Per table: how many rows are the project's own, or point at something of it by a
    /// cascading foreign key. Tables with none are left out.
    package func counts(_ sql: any SQLStore) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for table in schema.tables {
            var tests: [SQLQueryString] = []
            for (column, values) in (keys[table] ?? [:]).sorted(by: { $0.key < $1.key }) where !values.isEmpty {
                tests.append("CAST(\(ident: column) AS TEXT) IN (\(binds: Array(values)))")
            }
            for key in schema.foreignKeys where key.table == table && key.cascades {
                guard let values = keys[key.parent]?[key.parentColumn], !values.isEmpty else { continue }
                tests.append("CAST(\(ident: key.column) AS TEXT) IN (\(binds: Array(values)))")
            }
            guard var predicate = tests.first else { continue }
            for test in tests.dropFirst() { predicate += " OR " + test }
            let query = predicate
            let n = try await sql.read { db in
                try await db.raw("SELECT count(*) AS n FROM \(ident: table) WHERE \(query)").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            if n > 0 { out[table] = n }
        }
        return out
    }
}
