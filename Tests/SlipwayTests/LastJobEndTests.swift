import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// The task's last job: its end is written with the task's end (one write, not two), stored
/// whole (status, times, outputs, context), and announced before the task's end. Any other
/// job's end is written when it happens.
@Suite struct LastJobEndTests {
    /// Snapshots handed to the journal for one task of `stages`, and the task as stored.
    private func run(_ app: Harness, _ key: String, _ stages: [StageDefinition]) async throws -> (snapshots: Int, stored: WorkflowTask) {
        let workflow = Workflow(key: key, displayName: key, projectKey: "ends", concurrencyLimit: -1, stages: stages, createdBy: "admin")
        try await app.store.workflows.create(workflow)
        await app.engine.waitUntilIdle()
        let before = await app.engine.journal.recorded
        let task = try await app.engine.submit(workflow, RunRequest(creator: "admin"))
        await app.engine.waitUntilIdle()
        let snapshots = await app.engine.journal.recorded - before
        return (snapshots, try #require(try await app.store.tasks.get(workflowKey: key, taskID: task.taskID)))
    }

    @Test(arguments: StoreKind.enabled)
    func theLastJobsEndIsWrittenWithTheTasksEnd(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("ends")
            // One job: its start, and the task's end with the job's (a sandboxed job reports no
            // process group: its sandbox dies with the server).
            let one = try await run(
                app, "one", [StageDefinition(name: "s", parallel: false, jobs: [Harness.shellJobDefinition("only", "echo hi > $SLIPWAY_OUTPUTS_DIR/word")])])
            #expect(one.snapshots == 2)
            #expect(one.stored.status == .passed)
            let only = try #require(one.stored.stages.first?.jobs.first)
            #expect(only.status == .passed)
            #expect(only.endedAt >= only.startedAt && only.endedAt > 0)
            #expect(only.outputs["word"] == "hi")
            #expect(one.stored.context["job.only.status"] == "passed")
            #expect(one.stored.stages.first?.status == .passed)

            // Two stages: the first job's end is its own write; the second's goes with the task's.
            let two = try await run(
                app, "two",
                [
                    StageDefinition(name: "a", parallel: false, jobs: [Harness.shellJobDefinition("first", "true")]),
                    StageDefinition(
                        name: "b", parallel: true, jobs: [Harness.shellJobDefinition("left", "sleep 0.3"), Harness.shellJobDefinition("right", "true")]),
                ])
            // first: start, end; left and right: start each; right's end (left still runs);
            // left's end with the task's.
            #expect(two.snapshots == 6)
            #expect(two.stored.status == .passed)
            #expect(two.stored.stages.flatMap(\.jobs).allSatisfy { $0.status == .passed && $0.endedAt > 0 })

            // A failing last job: stored failed, with its error, and the task failed.
            let failing = try await run(app, "failing", [StageDefinition(name: "s", parallel: false, jobs: [Harness.shellJobDefinition("bad", "exit 3")])])
            #expect(failing.snapshots == 2)
            #expect(failing.stored.status == .failed)
            #expect(failing.stored.stages.first?.jobs.first?.status == .failed)
            #expect(failing.stored.stages.first?.jobs.first?.error.contains("3") == true)
        }
    }
}
