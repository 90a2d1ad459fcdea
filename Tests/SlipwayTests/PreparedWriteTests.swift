import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayTestSupport
import Testing

@testable import SlipwayStore

/// Writes of recurring text (`SQLStore.writePlainPrepared`: the engine's task insert and batched
/// updates) answer as a statement on its own does, on both stores; on PostgreSQL a write text
/// becomes a named statement of the connection once it has recurred (`writeSightings`).
@Suite struct PreparedWriteTests {
    static let columns: [PlainColumn] = [.int("id"), .text("label"), .int("n")]

    static func insert(_ table: String, id: Int, label: String?, n: Int64?) -> SQLQueryString {
        "INSERT INTO \(unsafeRaw: table) (id, label, n) VALUES (\(bind: id), \(bind: label), \(bind: n)) RETURNING id, label, n"
    }

    static func makeTables(_ sql: any SQLStore) async throws -> String {
        let table = "probe_" + UUID().uuidString.prefix(8).lowercased()
        try await sql.write { db in
            try await db.raw("CREATE TABLE \(unsafeRaw: table) (id BIGINT PRIMARY KEY, label TEXT, n BIGINT)").run()
            try await db.raw("CREATE TABLE \(unsafeRaw: table)_child (parent BIGINT NOT NULL REFERENCES \(unsafeRaw: table) (id))").run()
        }
        return table
    }

    @Test func aWriteTextTakesASlotOnItsSecondSightingAndReadsOnTheirFirst() {
        let text = PreparedTexts.Text(sql: "UPDATE t SET a = $1", types: [.text])
        let other = PreparedTexts.Text(sql: "UPDATE t SET a = $1", types: [.int8])
        var writes = PreparedTexts.Registry(first: 16, capacity: 2, sightings: 2)
        #expect(writes.slot(for: text) == nil)
        #expect(writes.slot(for: other) == nil)
        #expect(writes.slot(for: text) == 16)
        #expect(writes.slot(for: text) == 16)
        #expect(writes.slot(for: other) == 17)
        #expect(writes.text(at: 17) == other)
        // Full: a third text, however often seen, runs unnamed; the others keep their slots.
        let third = PreparedTexts.Text(sql: "DELETE FROM t", types: [])
        for _ in 0..<3 { #expect(writes.slot(for: third) == nil) }
        #expect(writes.slot(for: text) == 16)

        var reads = PreparedTexts.Registry(first: 0, capacity: 4, sightings: 1)
        #expect(reads.slot(for: text) == 0)
        #expect(reads.slot(for: other) == 1)

        // Texts seen once are forgotten all together past `candidates`.
        var small = PreparedTexts.Registry(first: 0, capacity: 8, sightings: 2)
        small.candidates = 2
        let texts = (0..<3).map { PreparedTexts.Text(sql: "SELECT \($0)", types: []) }
        for text in texts { #expect(small.slot(for: text) == nil) }
        #expect(small.slot(for: texts[0]) == nil)
        #expect(small.slot(for: texts[2]) == 0)

        // A text past `maxLength` is never prepared.
        var short = PreparedTexts.Registry(first: 0, capacity: 8, sightings: 1)
        short.maxLength = 10
        #expect(short.slot(for: PreparedTexts.Text(sql: "SELECT 1234567", types: [])) == nil)
        #expect(short.slot(for: PreparedTexts.Text(sql: "SELECT 1", types: [])) == 0)
    }

    @Test(arguments: StoreKind.enabled)
    func preparedWritesAnswerAsAStatementOnItsOwn(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let table = try await Self.makeTables(store.sql)
            // Past `writeSightings`, so that on PostgreSQL the last ones run named.
            let rows = PreparedTexts.writeSightings + 4
            for id in 1...rows {
                let label: String? = id % 3 == 0 ? nil : "row \(id) ✓"
                let n: Int64? = id % 2 == 0 ? nil : Int64(id) * 1_000_000_000_000
                let returned = try await store.sql.writePlainPrepared(Self.insert(table, id: id, label: label, n: n), columns: Self.columns)
                #expect(returned.count == 1)
                #expect(returned.first?.int(0) == Int64(id))
                #expect(returned.first?.isNull(1) == (label == nil) && returned.first?.isNull(2) == (n == nil))
                if let label { #expect(returned.first?.text(1) == label) }
                if let n { #expect(returned.first?.int(2) == n) }
            }
            let stored = try await store.sql.readPlain(
                "SELECT id, label, n FROM \(unsafeRaw: table) ORDER BY id", columns: Self.columns)
            #expect(stored.map { $0.int(0) } == Array(1...Int64(rows)))
            #expect(stored.filter { $0.isNull(1) }.map { $0.int(0) } == (1...Int64(rows)).filter { $0 % 3 == 0 })
            #expect(stored.filter { $0.isNull(2) }.map { $0.int(0) } == (1...Int64(rows)).filter { $0 % 2 == 0 })
            #expect(stored.first { $0.int(0) == 1 }?.text(1) == "row 1 ✓")
            // A write with no rows to return answers none.
            for id in 1...3 {
                let none = try await store.sql.writePlainPrepared(
                    "INSERT INTO \(unsafeRaw: table)_child (parent) VALUES (\(bind: id))", columns: [])
                #expect(none.isEmpty)
            }
            // A row naming an owner that is not there is `notFound`, named or not, and nothing is written.
            for _ in 0...PreparedTexts.writeSightings {
                await #expect(throws: SlipwayError.notFound("the project, depot or other record this belongs to no longer exists")) {
                    _ = try await store.sql.writePlainPrepared(
                        "INSERT INTO \(unsafeRaw: table)_child (parent) VALUES (\(bind: 99))", columns: [])
                }
            }
            let children = try await store.sql.readPlain("SELECT parent FROM \(unsafeRaw: table)_child", columns: [.int("parent")])
            #expect(children.map { $0.int(0) }.sorted() == [1, 2, 3])
        }
    }

    @Test func onPostgreSQLARecurringWriteTextIsANamedStatementOfTheConnection() async throws {
        guard StoreKind.enabled.contains(.postgres) else { return }
        try await withEmptyDatabase(.postgres) { database in
            let store = try PostgresStore.connect(url: try #require(database.databaseURL), logger: Logger(label: "prepared-write-test"), maximumConnections: 1)
            do {
                let table = try await Self.makeTables(store)
                let statements: SQLQueryString = "SELECT name, statement FROM pg_prepared_statements"
                let named = { (rows: [PlainRow]) in rows.filter { $0.text(1).contains("INSERT INTO \(table) ") } }
                let left = PreparedTexts.writeSlotsLeft
                _ = try await store.writePlainPrepared(Self.insert(table, id: 1, label: "one", n: 1), columns: Self.columns)
                // Seen once: unnamed.
                #expect(named(try await store.readPlain(statements, columns: [.text("name"), .text("statement")])).isEmpty)
                let last = PreparedTexts.writeSightings + 5
                for id in 2...last { _ = try await store.writePlainPrepared(Self.insert(table, id: id, label: nil, n: nil), columns: Self.columns) }
                let after = named(try await store.readPlain(statements, columns: [.text("name"), .text("statement")]))
                // Every slot may already be taken by other tests' writes in this process; then none is named.
                if left > 0 {
                    #expect(after.count == 1)
                    #expect(after.first?.text(0).hasPrefix("slipway_prepared_") == true)
                } else {
                    #expect(after.isEmpty)
                }
                let count = try await store.readPlain("SELECT count(*) AS n FROM \(unsafeRaw: table)", columns: [.int("n")])
                #expect(count.first?.int(0) == Int64(last))
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }
}
