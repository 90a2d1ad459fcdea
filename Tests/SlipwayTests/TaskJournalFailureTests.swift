import Foundation
import Logging
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

    /// The engine closes its journal when it stops: a snapshot only noted (a job's process
    /// group) is stored first, and a journal whose store is gone stops retrying there.
    @Test(arguments: StoreKind.enabled)
    func aClosedJournalStoresWhatWasNotedThenStopsRetrying(kind: StoreKind) async throws {
        try await withEmptyDatabase(kind) { database in
            var logger = Logger(label: "test-store")
            logger.logLevel = .critical
            try await database.open(logger: logger).closing { store in
                let tasks = try await TaskJournalTests.tasks(2, in: store)
                let journal = TaskJournal(store: store, logger: logger)
                await journal.begin(tasks[0])
                var noted = tasks[0]
                noted.stages[0].jobs[0].processGroup = 4242
                await journal.note(noted)
                await journal.close()
                let stored = try await store.tasks.get(workflowKey: noted.workflowKey, taskID: noted.taskID)
                #expect(stored?.stages[0].jobs[0].processGroup == 4242)

                let gone = try await database.open(logger: logger)
                await gone.close()
                let stranded = TaskJournal(store: gone, logger: logger)
                await stranded.begin(tasks[1])
                var changed = tasks[1]
                changed.status = .running
                await stranded.note(changed)
                try await Task.sleep(for: .milliseconds(300))
                #expect(await stranded.transactions >= 2, "the refused write is retried while the journal is open")
                let start = ContinuousClock.now
                await stranded.close(within: .milliseconds(300))
                #expect(ContinuousClock.now - start < .seconds(3))
                let closedAt = await stranded.transactions
                try await Task.sleep(for: .milliseconds(300))
                #expect(await stranded.transactions == closedAt, "a closed journal went on retrying")
                await stranded.record(changed)  // returns at once: nothing is taken once closed
                #expect(await stranded.pendingTasks == 0)
            }
        }
    }
}
