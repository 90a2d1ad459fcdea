import Logging
import PostgresKit
import SQLKit

/// Plain reads on PostgreSQL straight through PostgresNIO: each cell decoded as `String` or
/// `Int64` by its position. Through SQLKit's rows, every cell went by name to PostgresKit's
/// general decoder, which was 44% of the server's CPU on a task-list page (`perf`, issue 12).
extension PostgresStore {
    package func readPlain(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        try await readPlain(query, columns: columns, prepared: false)
    }

    /// A named statement per connection (`PreparedTexts`): PostgreSQL plans it on its first calls
    /// instead of at every call. Under wrk on the task list, planning the list's join and the
    /// token lookup took 0.20 and 0.085 ms a call, against 0.14 and 0.014 ms of running them.
    package func readPlainPrepared(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        try await readPlain(query, columns: columns, prepared: true)
    }

    /// A write of recurring text as a named statement per connection, like `readPlainPrepared`:
    /// the engine's task insert and batched updates were planned at every call (0.1–0.2 ms each,
    /// about a third of PostgreSQL's time on them).
    package func writePlainPrepared(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        do {
            if let rows = try await run(query, columns: columns, prepared: .write) { return rows }
        } catch {
            throw ownerGone(error)
        }
        return try await writePlainDecoding(query, columns: columns)
    }

    private func readPlain(_ query: SQLQueryString, columns: [PlainColumn], prepared: Bool) async throws -> [PlainRow] {
        if let rows = try await run(query, columns: columns, prepared: prepared ? .read : nil) { return rows }
        return try await readPlainDecoding(query, columns: columns)
    }

    /// The rows of `query` as plain rows of `columns`, prepared for `use` when a slot is given;
    /// nil when a bind is of a type the plain path does not send (the caller decodes instead).
    private func run(_ query: SQLQueryString, columns: [PlainColumn], prepared use: PreparedTexts.Use?) async throws -> [PlainRow]? {
        try await client.withConnection { connection in
            let (sql, binds) = connection.sql(queryLogLevel: nil).serialize(query)
            guard let (bindings, types) = Self.bindings(binds) else { return nil }
            var reader = PlainReader(columns: columns)
            if let use, let slot = PreparedTexts.slot(for: PreparedTexts.Text(sql: sql, types: types), use) {
                try await self.execute(slot, bindings, on: connection, into: &reader)
            } else {
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: self.logger) {
                    reader.append(row)
                }
            }
            return reader.rows
        }
    }

    private func execute<Slot: PreparedSlot>(
        _ slot: Slot.Type, _ bindings: PostgresBindings, on connection: PostgresConnection, into reader: inout PlainReader
    ) async throws {
        for try await row in try await connection.execute(SlotStatement<Slot>(bindings: bindings), logger: logger) { reader.append(row) }
    }

    /// The binds as PostgreSQL parameters of the types PostgresKit gives them (text, int8; a nil
    /// `String?` or `Int64?` as a NULL of its type; bool; arrays of text, int8 or bool), with those
    /// types; nil when one is of another type, and the statement then goes through SQLKit's rows.
    static func bindings(_ binds: [any Encodable & Sendable]) -> (PostgresBindings, [PostgresDataType])? {
        var bindings = PostgresBindings(capacity: binds.count)
        var types: [PostgresDataType] = []
        for bind in binds {
            switch bind {
            case let value as String:
                bindings.append(value)
                types.append(.text)
            case let value as Int:
                bindings.append(Int64(value))
                types.append(.int8)
            case let value as Int64:
                bindings.append(value)
                types.append(.int8)
            case let value as Bool where type(of: bind) == Bool.self:
                bindings.append(value)
                types.append(.bool)
            // Arrays, the columns of a fixed batch (`TaskRepository.fixedBatch`), by their exact
            // type: an empty array casts to every array type.
            case let value as [String] where type(of: bind) == [String].self:
                bindings.append(value)
                types.append(.textArray)
            case let value as [Int64] where type(of: bind) == [Int64].self:
                bindings.append(value)
                types.append(.int8Array)
            case let value as [Bool] where type(of: bind) == [Bool].self:
                bindings.append(value)
                types.append(.boolArray)
            // A nil casts to every optional type, so a NULL goes by its own type.
            case _ where type(of: bind) == String?.self:
                bindings.appendNull()
                types.append(.text)
            case _ where type(of: bind) == Int64?.self:
                bindings.appendNull()
                types.append(.int8)
            default: return nil
            }
        }
        return (bindings, types)
    }
}

/// A result's rows as plain rows of `columns`, each column found by name once per result.
struct PlainReader {
    let columns: [PlainColumn]
    private var positions: [Int?]?
    private(set) var rows: [PlainRow] = []

    init(columns: [PlainColumn]) { self.columns = columns }

    mutating func append(_ row: PostgresRow) {
        let cells = Array(row)
        let at = positions ?? columns.map { column in cells.firstIndex { $0.columnName == column.name } }
        positions = at
        rows.append(PlainRow(values: zip(columns, at).map { column, index in index.map { Self.value(column, cells[$0]) } ?? .null }))
    }

    /// A NULL, or a cell that is not of the column's kind, reads as `.null` (as on SQLite).
    static func value(_ column: PlainColumn, _ cell: PostgresCell) -> PlainRow.Value {
        guard cell.bytes != nil else { return .null }
        switch column {
        case .text: return (try? cell.decode(String.self)).map(PlainRow.Value.text) ?? .null
        case .int: return (try? cell.decode(Int64.self)).map(PlainRow.Value.int) ?? .null
        }
    }
}
