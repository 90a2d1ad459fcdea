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

            // A saved definition makes the scheduler read the limit again (it keeps it otherwise),
            // and then the workflow table disappears: the next pass cannot read it.
            let definition = try #require(try await app.store.workflows.get(key: "serial"))
            try await app.store.workflows.update(definition)
            try await app.store.sql.write { db in try await db.raw("ALTER TABLE workflows RENAME TO workflows_away").run() }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(20)
            while clock.now < deadline, try await app.store.tasks.get(workflowKey: "serial", taskID: first)?.status.isCompleted != true {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(1500))
            #expect(
                try await app.store.tasks.get(workflowKey: "serial", taskID: second)?.status == .waiting,
                "started without its workflow's limit")

            // The store answers again: the queued task runs.
            try await app.store.sql.write { db in try await db.raw("ALTER TABLE workflows_away RENAME TO workflows").run() }
            let done = try await app.waitFor("serial", second, seconds: 30)
            #expect(done["status"].string == "passed", "\(done)")
        }
    }

    /// A job whose workspace cannot be made does not run blind: it fails with the reason recorded.
    @Test func aJobWhoseWorkspaceCannotBeMadeFailsWithTheReason() async throws {
        try await withApp(.sqlite) { app in
            try await app.makeWorkflow("blocked", stages: [Harness.stage("s", jobs: [Harness.shellJob("work", "echo ran")])])
            // A file where the workflow's workspaces directory belongs.
            let workspaces = app.scratch.deletingLastPathComponent().appendingPathComponent("workspaces")
            try FileManager.default.createDirectory(at: workspaces, withIntermediateDirectories: true)
            try Data("not a directory".utf8).write(to: workspaces.appendingPathComponent("blocked"))
            let done = try await app.waitFor("blocked", try await app.run("blocked"))
            #expect(done["status"].string == "failed", "\(done)")
            #expect(done["stages"][0]["jobs"][0]["error"].string?.contains("could not prepare the job") == true, "\(done)")
        }
    }
}
