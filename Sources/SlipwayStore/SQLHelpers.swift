import Foundation
import SQLKit
import SlipwayCore

extension SQLDatabase {
    /// `SELECT count(*)` over a table with the given filters.
    func count(_ table: String, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> Int {
        let builder = filter(self.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table))
        return try await builder.first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// The plan of a query: SQLite `EXPLAIN QUERY PLAN` details, PostgreSQL `EXPLAIN` lines.
    func explain(_ query: any SQLExpression) async throws -> [String] {
        if dialect.name == "sqlite" {
            return try await raw("EXPLAIN QUERY PLAN \(query)").all().map { try $0.decode(column: "detail", as: String.self) }
        }
        return try await raw("EXPLAIN \(query)").all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
    }

    /// One page of rows plus the total before paging. `page` is 1-based.
    func page<Row: Decodable>(
        _ table: String, as: Row.Type, page: Int, pageSize: Int,
        orderBy: String, descending: Bool = false,
        _ filter: @escaping (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }
    ) async throws -> (rows: [Row], total: Int) {
        let total = try await count(table, filter)
        let window = PageWindow(page: page, pageSize: pageSize)
        guard let skip = window.skip, skip < total else { return ([], total) }
        let rows = try await filter(self.select().column("*").from(table))
            .orderBy(orderBy, descending ? .descending : .ascending)
            .limit(window.size).offset(skip)
            .all(decoding: Row.self, keyDecodingStrategy: .snakeCase)
        return (rows, total)
    }
}

/// The rows a 1-based page covers: `size` rows after the first `skip`. `skip` is nil when the
/// page lies beyond any table (its offset does not fit an Int).
struct PageWindow {
    let size: Int
    let skip: Int?

    init(page: Int, pageSize: Int) {
        size = max(pageSize, 0)
        let (skip, overflow) = max(page - 1, 0).multipliedReportingOverflow(by: size)
        self.skip = overflow ? nil : skip
    }
}

extension Bool {
    /// Booleans are stored as 0/1 BIGINT, the one representation both dialects share.
    var sqlInt: Int { self ? 1 : 0 }
}

/// JSON text columns: small nested values (arrays of strings, specs) stored as TEXT.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        guard let data = try? JSONEncoder().encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, default fallback: T) -> T {
        (try? JSONDecoder().decode(T.self, from: Data(text.utf8))) ?? fallback
    }
}

/// Map a unique-constraint failure to a domain conflict; everything else passes through.
func mapConflict<T>(_ message: String, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        if isUniqueViolation(error) { throw SlipwayError.conflict(message) }
        throw error
    }
}

/// Dense insert-order numbers (1, 2, 3…) for tables whose rows are never deleted, given out by
/// `row_counters` inside the insert's transaction: the counter is then also the table's row
/// count, and the rows ranked `skip+1…skip+size` from the newest are one range of the `seq` index.
enum RowSequence {
    /// The next number of `name`, inside the caller's write transaction.
    static func next(_ name: String, _ db: any SQLDatabase) async throws -> Int64 {
        guard
            let n = try await db.raw("UPDATE row_counters SET n = n + 1 WHERE name = \(bind: name) RETURNING n")
                .first(decodingColumn: "n", as: Int64.self)
        else { throw SlipwayError.internalError("row counter \(name) is missing") }
        return n
    }

    /// How many numbers `name` gave out: the table's row count.
    static func current(_ name: String, _ db: any SQLDatabase) async throws -> Int {
        try await db.select().column("n").from("row_counters").where("name", .equal, name)
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Newest first: the rows of `table` after skipping `skip`, at most `size` of them, and the
    /// total. The rows are a plain read (`SQLStore.readPlain`) of `Row`'s columns.
    static func page<Row: PlainReadable>(
        _ table: String, as: Row.Type, skip: Int?, size: Int, _ sql: any SQLStore
    ) async throws -> (rows: [Row], total: Int) {
        let total = try await sql.read { db in try await current(table, db) }
        guard let skip, skip < total, size > 0 else { return ([], total) }
        let columns = Row.plainColumns.map(\.name).joined(separator: ", ")
        let rows = try await sql.readPlain(
            "SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE seq <= \(bind: total - skip) ORDER BY seq DESC LIMIT \(bind: size)",
            columns: Row.plainColumns)
        return (rows.map(Row.init), total)
    }
}

/// Dense numbers per value of a list's filter (a project's operation logs, a provider's
/// deliveries), given out by `keyed_counters` inside the insert's transaction: the `n` of
/// `(counter, subject)` is then also how many rows carry that value, and the value's rows ranked
/// `skip+1…skip+size` from the newest are one range of the index `(value, number)`.
enum KeyedSequence {
    /// The next number of `subject` under `counter`, inside the caller's write transaction (the
    /// first row of a value makes its counter).
    static func next(_ counter: String, _ subject: String, _ db: any SQLDatabase) async throws -> Int64 {
        guard
            let n = try await db.raw(
                """
                INSERT INTO keyed_counters (counter, subject, n) VALUES (\(bind: counter), \(bind: subject), 1)
                ON CONFLICT (counter, subject) DO UPDATE SET n = keyed_counters.n + 1 RETURNING n
                """
            ).first(decodingColumn: "n", as: Int64.self)
        else { throw SlipwayError.internalError("keyed counter \(counter) gave no number") }
        return n
    }

    /// How many numbers `subject` was given under `counter`: how many rows carry the value.
    static func current(_ counter: String, _ subject: String, _ db: any SQLDatabase) async throws -> Int {
        try await db.select().column("n").from("keyed_counters").where("counter", .equal, counter).where("subject", .equal, subject)
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }
}
