import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// A task that starts after `deleteProject` cancelled the project's tasks (a push trigger in the
/// gap) must not keep running once its rows are gone: the engine forgets the deleted workflows.
@Suite struct DeletedRowsStopRunnerTests {
    @Test(arguments: StoreKind.enabled)
    func runnersOfDeletedWorkflowsStop(kind: StoreKind) async throws {
        // Both stores run at once: each run's job sleeps for its own, unusual number of seconds.
        let sleeper = kind == .sqlite ? "sleep 4171" : "sleep 4172"
        try await withApp(kind) { app in
            try await app.makeWorkflow(
                "late", project: "gone",
                stages: [Harness.stage("s", jobs: [Harness.shellJob("j", sleeper)])])
            try await app.makeWorkflow("queued", project: "gone", limit: 1, stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "sleep 30")])])
            let late = try await app.run("late", project: "gone")
            _ = try await app.waitFor("late", late) { $0["status"].string == "running" }
            let first = try await app.run("queued", project: "gone")
            _ = try await app.waitFor("queued", first) { $0["status"].string == "running" }
            _ = try await app.run("queued", project: "gone")
            #expect(await app.engine.load == (running: 2, waiting: 1))
            // "running" is stored as the job starts, a moment before its process exists.
            var started = try await Self.processes(sleeper)
            for _ in 0..<50 where started == 0 {
                try await Task.sleep(for: .milliseconds(100))
                started = try await Self.processes(sleeper)
            }
            #expect(started == 1, "the job's process runs")

            // The rows go without the engine being told (as in the race), then it forgets them.
            _ = try await app.store.projects.delete(key: "gone")
            await app.engine.forgetDeleted(workflowKeys: ["late", "queued"], by: "admin")
            #expect(try await ProjectDeletionTests.idle(app.engine, seconds: 10), "nothing of the deleted workflows runs or waits")
            var left = try await Self.processes(sleeper)
            for _ in 0..<50 where left > 0 {
                try await Task.sleep(for: .milliseconds(100))
                left = try await Self.processes(sleeper)
            }
            #expect(left == 0, "the job's process was stopped")
        }
    }

    /// How many processes run exactly `command` (pgrep's count; 0 when none).
    static func processes(_ command: String) async throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        process.arguments = ["-c", "-x", "-f", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
