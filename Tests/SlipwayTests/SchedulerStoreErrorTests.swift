import Foundation
import SQLKit
import SlipwayCore
import Testing

/// The scheduler never swallows a store error (issue 11, point 6): while a workflow cannot be read
/// its waiting task is not started on a guessed limit, and it starts once the store answers again.
@Suite struct SchedulerStoreErrorTests {
    @Test func aWaitingTaskStaysQueuedWhileItsWorkflowCannotBeRead() async throws {
        try await withApp(.sqlite) { app in
            try await app.makeWorkflow("serial", limit: 1, stages: [Harness.stage("s", jobs: [Harness.shellJob("work", "sleep 2")])])
            let first = try await app.run("serial")
            try await app.waitFor("serial", first) { $0["status"].string == "running" }
            let second = try await app.run("serial")
            try await app.waitFor("serial", second) { $0["status"].string == "waiting" }

            // The workflow table disappears: the next pass cannot read the concurrency limit.
            try await app.store.sql.write { db in try await db.raw("ALTER TABLE workflows RENAME TO workflows_away").run() }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(20)
            while clock.now < deadline, try await app.store.tasks.get(workflowKey: "serial", taskID: first)?.status.isCompleted != true {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await app.store.tasks.get(workflowKey: "serial", taskID: second)?.status == .waiting,
                    "started without its workflow's limit")

            // The store answers again: the queued task runs.
            try await app.store.sql.write { db in try await db.raw("ALTER TABLE workflows_away RENAME TO workflows").run() }
            let done = try await app.waitFor("serial", second, seconds: 30)
            #expect(done["status"].string == "passed", "\(done)")
        }
    }
}
