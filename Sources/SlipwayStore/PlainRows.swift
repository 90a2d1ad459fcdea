import SQLKit
import Synchronization

/// A column of a plain read, and the kind of value it holds.
package enum PlainColumn: Sendable {
    case text(String)
    case int(String)

    var name: String {
        switch self {
        case .text(let name), .int(let name): name
        }
    }
}

/// One row of a plain read: its values in the order of the columns asked for. A NULL, or a value
/// of another kind, reads as "" or 0.
package struct PlainRow: Sendable {
    package enum Value: Sendable {
        case text(String)
        case int(Int64)
        case null
    }

    package let values: [Value]

    package func text(_ index: Int) -> String {
        if case .text(let value) = values[index] { return value }
        return ""
    }

    package func int(_ index: Int) -> Int64 {
        if case .int(let value) = values[index] { return value }
        return 0
    }

    package func isNull(_ index: Int) -> Bool {
        if case .null = values[index] { return true }
        return false
    }
}

/// A row type a plain read fills: the columns it reads, and the row from their values in that order.
protocol PlainReadable {
    static var plainColumns: [PlainColumn] { get }
    init(_ row: PlainRow)
}

extension SQLStore {
    /// `readPlain` through SQLKit's row decoding: what a store without a faster path does.
    func readPlainDecoding(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        try await read { db in try await db.raw(query).all().map { try PlainRow(decoding: $0, columns) } }
    }

    /// `writePlainPrepared` through SQLKit: one statement on its own, its rows decoded.
    func writePlainDecoding(_ query: SQLQueryString, columns: [PlainColumn]) async throws -> [PlainRow] {
        try await writeStatement { db in try await db.raw(query).all().map { try PlainRow(decoding: $0, columns) } }
    }
}

extension PlainRow {
    /// The values of `columns` in a row SQLKit read.
    init(decoding row: any SQLRow, _ columns: [PlainColumn]) throws {
        self.init(
            values: try columns.map { column in
                if try row.decodeNil(column: column.name) { return .null }
                switch column {
                case .text(let name): return .text(try row.decode(column: name, as: String.self))
                case .int(let name): return .int(try row.decode(column: name, as: Int64.self))
                }
            })
    }
}

/// Rows gathered on the thread that reads them.
final class PlainRowCollector: Sendable {
    private let rows = Mutex<[PlainRow]>([])

    func append(_ row: PlainRow) {
        rows.withLock { $0.append(row) }
    }

    var collected: [PlainRow] { rows.withLock { $0 } }
}
