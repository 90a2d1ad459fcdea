import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// A backlog longer than the engine keeps in memory (`Engine.maxKeptWaiting`): the tasks it did
/// not keep are read a batch at a time when their turn comes, and still start once each, in
/// the order they were queued; a task cancelled deep in the backlog never starts.
@Suite struct WaitingBacklogTests {
    @Test(arguments: StoreKind.enabled)
    func aLongBacklogStartsInOrderWithBatchedReads(kind: StoreKind) async throws {
        try await withApp(kind, maxRunningTasks: 1) { app in
            _ = try await app.makeProject("backlog")
            let dir = app.scratch.path
            func workflow(_ key: String, _ script: String) async throws -> Workflow {
                let workflow = Workflow(
                    key: key, displayName: key, projectKey: "backlog", concurrencyLimit: -1,
                    stages: [StageDefinition(name: "s", parallel: false, jobs: [Harness.shellJobDefinition("j", script)])], createdBy: "admin")
                try await app.store.workflows.create(workflow)
                return workflow
            }
            // The first task holds the only slot until the whole backlog is queued.
            let gate = try await workflow("gate", "while [ ! -e \(dir)/go ]; do sleep 0.05; done")
            let main = try await workflow("main", "echo \"main $TASK_ID\" >> \(dir)/ran")
            let other = try await workflow("other", "echo \"other $TASK_ID\" >> \(dir)/ran")
            _ = try await app.engine.submit(gate, RunRequest(creator: "admin"))
            var expected: [String] = []
            for n in 1...300 {
                let task = try await app.engine.submit(main, RunRequest(creator: "admin"))
                expected.append("main \(task.taskID)")
                if n % 50 == 0 {
                    let interleaved = try await app.engine.submit(other, RunRequest(creator: "admin"))
                    expected.append("other \(interleaved.taskID)")
                }
            }
            #expect(Engine.maxKeptWaiting < 306, "the backlog is longer than what the engine keeps")
            // Cancelled while queued beyond what the engine keeps: it must never start.
            try await app.engine.cancel(workflowKey: "main", taskID: 290, by: "admin")
            expected.removeAll { $0 == "main 290" }
            FileManager.default.createFile(atPath: "\(dir)/go", contents: nil)
            await app.engine.waitUntilIdle()

            let ran = try String(contentsOfFile: "\(dir)/ran", encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(ran == expected, "each task ran once, in the order it was queued")
            #expect(try await app.store.tasks.get(workflowKey: "main", taskID: 290)?.status == .cancelled)
            #expect(try await app.store.tasks.get(workflowKey: "main", taskID: 300)?.status == .passed)
            // About 50 tasks were queued beyond what the engine keeps, in two workflows: a few
            // batch reads, not one a task.
            let reads = await app.engine.waitingReads
            #expect(reads >= 1 && reads <= 8, "\(reads) reads")
        }
    }
}
