import Foundation
import Logging
import SQLKit
import SlipwayStore
import SlipwayTestSupport
import Testing

/// Fixed-text reads (`SQLStore.readPlainPrepared`: the token lookup, the task list's join) answer
/// as plain reads do, on both stores; on PostgreSQL they are named statements of the connection,
/// still right after PostgreSQL stops planning them (from the sixth call on).
@Suite struct PreparedReadTests {
    static let columns: [PlainColumn] = [.text("label"), .int("doubled")]

    static func query(_ label: String, _ number: Int) -> SQLQueryString {
        "SELECT \(bind: label) || '!' AS label, \(bind: number) * 2 AS doubled"
    }

    @Test(arguments: StoreKind.enabled)
    func preparedReadsAnswerAsPlainReads(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            for n in 0..<12 {
                let prepared = try await store.sql.readPlainPrepared(Self.query("call \(n)", n), columns: Self.columns)
                let plain = try await store.sql.readPlain(Self.query("call \(n)", n), columns: Self.columns)
                #expect(prepared.map { [$0.text(0), String($0.int(1))] } == [["call \(n)!", String(2 * n)]])
                #expect(prepared.map { [$0.text(0), String($0.int(1))] } == plain.map { [$0.text(0), String($0.int(1))] })
            }
            // The same text with a bind of another type is another statement, not the first one's
            // (which would take the bind as its own type).
            for _ in 0..<7 {
                let typed = try await store.sql.readPlainPrepared("SELECT CAST(\(bind: 7) AS TEXT) AS n", columns: [.text("n")])
                let retyped = try await store.sql.readPlainPrepared("SELECT CAST(\(bind: "seven") AS TEXT) AS n", columns: [.text("n")])
                #expect(typed.first?.text(0) == "7" && retyped.first?.text(0) == "seven")
            }
        }
    }

    @Test func onPostgreSQLAPreparedReadIsANamedStatementOfTheConnection() async throws {
        guard StoreKind.enabled.contains(.postgres) else { return }
        try await withEmptyDatabase(.postgres) { database in
            let logger = Logger(label: "prepared-read-test")
            let store = try PostgresStore.connect(url: try #require(database.databaseURL), logger: logger, maximumConnections: 1)
            do {
                for n in 0..<7 { _ = try await store.readPlainPrepared(Self.query("named", n), columns: Self.columns) }
                let named = try await store.readPlain(
                    "SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE '%|| ''!'' AS label%'",
                    columns: [.text("name"), .text("statement")])
                #expect(named.count == 1)
                #expect(named.first?.text(0).hasPrefix("slipway_prepared_") == true)
                // An unprepared read leaves no statement behind.
                _ = try await store.readPlain("SELECT \(bind: "other") AS label, 1 AS doubled", columns: Self.columns)
                let all = try await store.readPlain("SELECT name, statement FROM pg_prepared_statements", columns: [.text("name"), .text("statement")])
                #expect(all.map { $0.text(0) }.allSatisfy { $0.hasPrefix("slipway_prepared_") })
                #expect(!all.contains { $0.text(1).contains("'other'") || $0.text(1).contains("AS label, 1 AS doubled") })
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }
}
