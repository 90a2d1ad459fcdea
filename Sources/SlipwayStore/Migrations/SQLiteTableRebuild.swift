import SQLKit
import SlipwayCore

/// SQLite's way to add a constraint to an existing table (https://sqlite.org/lang_altertable.html,
/// "making other kinds of table schema changes"): create the table again under a temporary name
/// with the constraint, copy the rows that satisfy it, drop the old table, rename the new one and
/// recreate its indexes. Runs inside the migration's transaction, so it all happens or none of it.
///
/// Tables are rebuilt parents first: dropping a table no constraint points to yet cannot cascade.
enum SQLiteTableRebuild {
    static func addForeignKeys(_ references: [Migration014.Reference], _ db: any SQLDatabase) async throws {
        var tables: [String] = []
        for ref in references where !tables.contains(ref.table) { tables.append(ref.table) }
        for table in tables {
            try await rebuild(table, with: references.filter { $0.table == table }, db)
        }
    }

    static func rebuild(_ table: String, with references: [Migration014.Reference], _ db: any SQLDatabase) async throws {
        let master = { (type: String) in
            db.select().column("sql").from("sqlite_master").where("type", .equal, type).where("tbl_name", .equal, table)
                .where("sql", .isNot, SQLLiteral.null)
        }
        guard let definition = try await master("table").first(decodingColumn: "sql", as: String.self) else {
            throw SlipwayError.internalError("migration \(Migration014.version): table \(table) not found")
        }
        let indexes = try await master("index").all(decodingColumn: "sql", as: String.self)
        let columns = try await db.raw("SELECT name FROM pragma_table_info(\(bind: table)) ORDER BY cid")
            .all(decodingColumn: "name", as: String.self)

        let rebuilt = "\(table)_rebuilt"
        try await db.raw(SQLQueryString(try constrained(definition, as: rebuilt, references))).run()
        let values = columns.map { column -> SQLQueryString in
            references.contains { $0.column == column && $0.zeroMeansNone }
                ? "NULLIF(\(ident: table).\(ident: column), 0)" : "\(ident: table).\(ident: column)"
        }
        var kept: SQLQueryString = "1 = 1"
        for ref in references {
            let value: SQLQueryString? = ref.zeroMeansNone ? "NULLIF(\(ident: table).\(ident: ref.column), 0)" : nil
            kept += " AND (\(Migration014.ownerExists(ref, value: value)))"
        }
        try await db.raw(
            """
            INSERT INTO \(ident: rebuilt) (\(idents: columns, joinedBy: ", "))
            SELECT \(SQLList(values)) FROM \(ident: table) WHERE \(kept)
            """
        ).run()
        try await db.raw("DROP TABLE \(ident: table)").run()
        try await db.raw("ALTER TABLE \(ident: rebuilt) RENAME TO \(ident: table)").run()
        for index in indexes { try await db.raw(SQLQueryString(index)).run() }
    }

    /// `CREATE TABLE "<name>" (<columns and constraints of definition>, FOREIGN KEY … ON DELETE CASCADE)`,
    /// with `NOT NULL` dropped from columns where 0 meant none.
    static func constrained(_ definition: String, as name: String, _ references: [Migration014.Reference]) throws -> String {
        guard let open = definition.firstIndex(of: "("), let close = definition.lastIndex(of: ")"), open < close else {
            throw SlipwayError.internalError("migration \(Migration014.version): cannot read \(definition)")
        }
        var body = String(definition[definition.index(after: open)..<close])
        for ref in references where ref.zeroMeansNone {
            let notNull = try Regex("\"\(ref.column)\" ([A-Za-z]+) NOT NULL")
            guard body.contains(notNull) else {
                throw SlipwayError.internalError("migration \(Migration014.version): \(ref.table).\(ref.column) is not NOT NULL")
            }
            body = body.replacing(notNull) { "\"\(ref.column)\" \($0.output[1].substring ?? "")" }
        }
        for ref in references {
            body += ", FOREIGN KEY (\"\(ref.column)\") REFERENCES \"\(ref.parent)\" (\"\(ref.parentColumn)\") \(Migration014.actions)"
        }
        return "CREATE TABLE \"\(name)\" (\(body))"
    }
}
