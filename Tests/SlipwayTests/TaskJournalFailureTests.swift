import Foundation
import SQLKit
import SlipwayCore
import SlipwayEngine
import SlipwayStore
import SlipwayTestSupport
import Testing

/// The journal retries a transaction the database refused, and says so in the log by the kind of
/// error only: never the values of the write, which may be a job's outputs.
@Suite struct TaskJournalFailureTests {
    @Test(arguments: StoreKind.enabled)
    func aRefusedWriteIsLoggedByItsKindAndRetried(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let task = try #require(try await TaskJournalTests.tasks(1, in: store).first)
            let row = try await store.sql.read { db in
                try #require(try await db.select().column("id").from("tasks").where("workflow_key", .equal, "flow").first(decodingColumn: "id", as: Int64.self))
            }
            let logs = CapturedLogs()
            let journal = TaskJournal(store: store, logger: logs.logger())
            await journal.begin(task, row: row)
            // The task's row goes: its job's progress row, written by the row the journal knows,
            // is refused (a foreign key); the retry looks the task up and finds nothing to write.
            try await store.sql.write { db in try await db.delete(from: "tasks").where("id", .equal, row).run() }

            var changed = task
            changed.status = .running
            changed.stages[0].jobs[0].status = .passed
            changed.stages[0].jobs[0].outputs = ["TOKEN": "s3cr3t-output-value"]
            await journal.record(changed)

            #expect(await journal.transactions == 2, "the refused transaction, then its retry")
            let entries = logs.entries
            let warning = try #require(entries.first { $0.level == .warning })
            #expect(warning.message == "could not write task states; retrying")
            #expect(warning.metadata["error"] == "SlipwayError.notFound", "a refused foreign key is the owner row gone")
            #expect(warning.metadata["tasks"] == "1")
            #expect(entries.contains { $0.level == .info && $0.message == "task states written again" && $0.metadata["failed transactions"] == "1" })
            #expect(!entries.contains { $0.text.contains("s3cr3t") || $0.text.contains("flow") }, "a log carried the write's values")
        }
    }
}
