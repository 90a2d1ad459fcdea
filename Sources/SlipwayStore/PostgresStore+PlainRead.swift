import Logging
import PostgresKit
import SQLKit

/// Plain reads on PostgreSQL straight through PostgresNIO: each cell decoded as `String` or
/// `Int64` by its position. Through SQLKit's rows, every cell went by name to PostgresKit's
/// general decoder, which was 44% of the server's CPU on a task-list page (`perf`, issue 12).
extension PostgresStore {
    package func readPlain(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        let rows: [PlainRow]? = try await client.withConnection { connection in
            let (sql, binds) = connection.sql(queryLogLevel: nil).serialize(query)
            guard let bindings = Self.bindings(binds) else { return nil }
            var positions: [Int?]?
            var result: [PlainRow] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: self.logger) {
                let cells = Array(row)
                let at = positions ?? columns.map { column in cells.firstIndex { $0.columnName == column.name } }
                positions = at
                result.append(PlainRow(values: zip(columns, at).map { column, index in index.map { Self.value(column, cells[$0]) } ?? .null }))
            }
            return result
        }
        if let rows { return rows }
        return try await readPlainDecoding(query, columns: columns)
    }

    /// A NULL, or a cell that is not of the column's kind, reads as `.null` (as on SQLite).
    static func value(_ column: PlainColumn, _ cell: PostgresCell) -> PlainRow.Value {
        guard cell.bytes != nil else { return .null }
        switch column {
        case .text: return (try? cell.decode(String.self)).map(PlainRow.Value.text) ?? .null
        case .int: return (try? cell.decode(Int64.self)).map(PlainRow.Value.int) ?? .null
        }
    }

    /// The binds as PostgreSQL parameters of the types PostgresKit gives them (text, int8); nil
    /// when one is of another type, and the read then goes through SQLKit's rows.
    static func bindings(_ binds: [any Encodable & Sendable]) -> PostgresBindings? {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case let value as String: bindings.append(value)
            case let value as Int: bindings.append(Int64(value))
            case let value as Int64: bindings.append(value)
            default: return nil
            }
        }
        return bindings
    }
}
