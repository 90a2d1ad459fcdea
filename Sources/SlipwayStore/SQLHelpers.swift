import Foundation
import SQLKit
import SlipwayCore

extension SQLDatabase {
    /// `SELECT count(*)` over a table with the given filters.
    func count(_ table: String, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }) async throws -> Int {
        let builder = filter(self.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(table))
        return try await builder.first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// One page of rows plus the total before paging. `page` is 1-based.
    func page<Row: Decodable>(
        _ table: String, as: Row.Type, page: Int, pageSize: Int,
        orderBy: String, descending: Bool = false,
        _ filter: @escaping (SQLSelectBuilder) -> SQLSelectBuilder = { $0 }
    ) async throws -> (rows: [Row], total: Int) {
        let total = try await count(table, filter)
        let rows = try await filter(self.select().column("*").from(table))
            .orderBy(orderBy, descending ? .descending : .ascending)
            .limit(max(pageSize, 0)).offset(max(page - 1, 0) * max(pageSize, 0))
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return (rows, total)
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
