import Foundation
import Logging
import SQLKit
import SlipwayCore
import SlipwayStore

/// `sql` jobs: run a script of statements, in order, against a registered database
/// (an SQLite file or PostgreSQL), inside one transaction: all statements apply, or none.
package struct SQLJobExecutor: JobExecutor {
    let store: Store
    /// How long the database may take to answer a first `SELECT 1` before the job fails.
    let connectTimeout: Duration

    package init(store: Store, connectTimeout: Duration = .seconds(10)) {
        self.store = store
        self.connectTimeout = connectTimeout
    }

    package func run(_ context: JobContext) async -> JobOutcome {
        guard case .sql(let plan) = context.plan else { return .wrongPlan(context) }
        let reference = plan.database
        let statements = Self.statements(in: plan.script)
        guard !statements.isEmpty else { return JobOutcome(.failed, error: "sql: no statement to run") }
        guard let instance = try? await store.databases.find(reference) else {
            return JobOutcome(.failed, error: "sql: database \(reference) is not registered")
        }
        var logger = Logger(label: "slipway.sql-job")
        logger.logLevel = .error
        let target: any SQLStore
        do {
            switch instance.type {
            case "postgresql": target = try PostgresStore.connect(url: instance.url, logger: logger, maximumConnections: 1)
            default: target = try await SQLiteStore.open(path: instance.url, logger: logger)
            }
        } catch {
            return JobOutcome(.failed, error: "sql: cannot open \(instance.name): \(error)")
        }
        if let problem = await Self.probe(target, within: connectTimeout) {
            // The attempt may still hang on the wire: close in the background, fail now.
            Task { await target.close() }
            return JobOutcome(.failed, error: "sql: cannot connect to \(instance.name): \(problem)")
        }
        await context.log("sql: \(statements.count) statement(s) on \(instance.name) (\(instance.type))")
        do {
            let log = context.log
            try await target.write { db in
                for (index, statement) in statements.enumerated() {
                    try Task.checkCancellation()
                    let rows = try await db.raw(SQLQueryString(statement)).all()
                    await log("[\(index + 1)] \(statement.prefix(120))\(statement.count > 120 ? "…" : "") → \(rows.count) row(s)")
                    for row in rows.prefix(20) {
                        let values = row.allColumns.map { column in "\(column)=\(Self.text(row, column))" }
                        await log("    " + values.joined(separator: ", "))
                    }
                }
            }
            await target.close()
            return .passed
        } catch is CancellationError {
            await target.close()
            return JobOutcome(.cancelled)
        } catch {
            await target.close()
            return JobOutcome(.failed, error: "sql: \(String(reflecting: error).prefix(300))")
        }
    }

    /// Nil when `target` answers `SELECT 1` within `timeout`; otherwise why not.
    static func probe(_ target: any SQLStore, within timeout: Duration) async -> String? {
        let answer = AsyncStream<String?>.makeStream()
        let attempt = Task {
            do {
                _ = try await target.read { db in try await db.raw("SELECT 1").all() }
                answer.continuation.yield(nil)
            } catch {
                answer.continuation.yield("\(String(reflecting: error).prefix(200))")
            }
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            answer.continuation.yield("no answer within \(timeout)")
        }
        var result: String? = "cancelled"
        for await first in answer.stream {
            result = first
            break
        }
        timer.cancel()
        if result != nil { attempt.cancel() }
        return result
    }

    /// A column value as text, whatever its SQL type.
    static func text(_ row: any SQLRow, _ column: String) -> String {
        if (try? row.decodeNil(column: column)) == true { return "NULL" }
        // Numbers first: a driver may "decode" a binary integer as a garbled string.
        if let v = try? row.decode(column: column, as: Int64.self) { return String(v) }
        if let v = try? row.decode(column: column, as: Double.self) { return String(v) }
        if let v = try? row.decode(column: column, as: Bool.self) { return String(v) }
        if let v = try? row.decode(column: column, as: String.self) { return v }
        return "…"
    }

    /// Split a script on `;` outside quotes and comments.
    package static func statements(in script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var lineComment = false
        for character in script {
            if lineComment {
                if character == "\n" { lineComment = false; current.append(character) }
                continue
            }
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                current.append(character)
            case "-" where current.hasSuffix("-"):
                current.removeLast()
                lineComment = true
            case ";":
                statements.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
