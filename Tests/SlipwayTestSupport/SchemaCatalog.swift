import SQLKit
import SlipwayStore

/// The tables, columns and foreign keys of a database as it is, read from the database itself
/// (`sqlite_master` and its pragmas, or PostgreSQL's catalog), not from what the migrations meant.
package struct SchemaCatalog: Sendable {
    /// One single-column foreign key.
    package struct ForeignKey: Sendable, Hashable {
        package let table: String
        package let column: String
        package let parent: String
        package let parentColumn: String
        /// `ON DELETE CASCADE`.
        package let cascades: Bool
        /// `ON UPDATE CASCADE`: a renamed owner key is renamed here too.
        package let followsUpdates: Bool
    }

    /// Table → its columns, in order.
    package var columns: [String: [String]]
    package var foreignKeys: [ForeignKey]

    package var tables: [String] { columns.keys.sorted() }

    /// The foreign key on `table.column`, if any.
    package func foreignKey(_ table: String, _ column: String) -> ForeignKey? {
        foreignKeys.first { $0.table == table && $0.column == column }
    }

    package static func read(_ sql: any SQLStore) async throws -> SchemaCatalog {
        try await sql.read { db in
            db.dialect.name == "sqlite" ? try await readSQLite(db) : try await readPostgres(db)
        }
    }

    static func readSQLite(_ db: any SQLDatabase) async throws -> SchemaCatalog {
        let tables = try await db.raw(
            """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """
        ).all(decodingColumn: "name", as: String.self)
        var catalog = SchemaCatalog(columns: [:], foreignKeys: [])
        for table in tables {
            catalog.columns[table] = try await db.raw("SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid")
                .all(decodingColumn: "name", as: String.self)
            for row in try await db.raw(
                """
                SELECT "table" AS parent, "from" AS col, "to" AS parent_col, on_delete, on_update FROM pragma_foreign_key_list(\(bind: table))
                """
            ).all() {
                catalog.foreignKeys.append(
                    ForeignKey(
                        table: table, column: try row.decode(column: "col", as: String.self),
                        parent: try row.decode(column: "parent", as: String.self),
                        parentColumn: try row.decode(column: "parent_col", as: String?.self) ?? "",
                        cascades: try row.decode(column: "on_delete", as: String.self) == "CASCADE",
                        followsUpdates: try row.decode(column: "on_update", as: String.self) == "CASCADE"))
            }
        }
        return catalog
    }

    static func readPostgres(_ db: any SQLDatabase) async throws -> SchemaCatalog {
        var catalog = SchemaCatalog(columns: [:], foreignKeys: [])
        for row in try await db.raw(
            """
            SELECT c.table_name::text AS tbl, c.column_name::text AS col FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """
        ).all() {
            catalog.columns[try row.decode(column: "tbl", as: String.self), default: []]
                .append(try row.decode(column: "col", as: String.self))
        }
        for row in try await db.raw(
            """
            SELECT child.relname::text AS tbl, ca.attname::text AS col, parent.relname::text AS parent,
                   pa.attname::text AS parent_col, k.confdeltype::text AS on_delete,
                   k.confupdtype::text AS on_update
            FROM pg_constraint k
            JOIN pg_class child ON child.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            JOIN pg_class parent ON parent.oid = k.confrelid
            JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = k.conkey[1]
            JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
            WHERE k.contype = 'f' AND n.nspname = current_schema()
            """
        ).all() {
            catalog.foreignKeys.append(
                ForeignKey(
                    table: try row.decode(column: "tbl", as: String.self), column: try row.decode(column: "col", as: String.self),
                    parent: try row.decode(column: "parent", as: String.self),
                    parentColumn: try row.decode(column: "parent_col", as: String.self),
                    cascades: try row.decode(column: "on_delete", as: String.self) == "c",
                    followsUpdates: try row.decode(column: "on_update", as: String.self) == "c"))
        }
        return catalog
    }
}
