import Foundation
import Testing

/// `slipway run <workflow> --follow` (issue 12, point 4): the real binary against a real server
/// streams the task's states and its jobs' logs and exits with the task's result.
@Suite(.serialized) struct RunCommandTests {
    @Test func followingATaskPrintsItsLogsAndExitsWithItsResult() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServerProcess.binary.path), "build the binary first")
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-run-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let token = "run-command-test-token-7"
        let server = try ServerProcess(["serve", "--port", "0", "--data-dir", dataDir], environment: ["SLIPWAY_ADMIN_TOKEN": token])
        let listening = try await server.waitFor("listening on http://127.0.0.1:[0-9]+")
        let base = String(listening.dropFirst("listening on ".count))
        defer { server.signal(SIGTERM) }

        let project = try await http(
            "POST", "\(base)/openapi/projects/project", token: token,
            body: #"{"project_name":"cli","project_key":"cli","is_public":false,"description":"d","project_type":"yaml"}"#)
        #expect(project.status == 200, "\(project.body)")
        for (key, script) in [("green", "echo building the thing; echo all good"), ("red", "echo about to fail; exit 3"), ("sleepy", "sleep 60")] {
            let created = try await http(
                "POST", "\(base)/api/aslan/workflow/v4", token: token,
                body: """
                    {"name":"\(key)","display_name":"\(key)","project":"cli","concurrency_limit":-1,"params":[],
                     "stages":[{"name":"build","parallel":false,"jobs":[{"name":"\(key)-job","type":"freestyle",
                     "spec":{"properties":{"timeout":5,"envs":[]},"steps":[{"name":"run","type":"shell","spec":{"script":"\(script)"}}]}}]}]}
                    """)
            #expect(created.status == 200, "\(created.body)")
        }

        let passed = try await ServerProcess.run(["run", "green", "--project", "cli", "--follow", "--url", base, "--token", token])
        #expect(passed.code == 0, "\(passed.output)")
        for line in [
            "task 1 created", "task 1 running", "job build/green-job running", "green-job | building the thing", "green-job | all good",
            "job build/green-job passed", "task 1 passed",
        ] {
            #expect(passed.output.contains(line), "\(line) in \(passed.output)")
        }

        let failed = try await ServerProcess.run(["run", "red", "--project", "cli", "--follow"], environment: ["SLIPWAY_URL": base, "SLIPWAY_TOKEN": token])
        #expect(failed.code == 1, "\(failed.output)")
        #expect(failed.output.contains("red-job | about to fail"), "\(failed.output)")
        #expect(failed.output.contains("task 1 failed"), "\(failed.output)")

        // Without --follow: the new task's id, at once.
        let printed = try await ServerProcess.run(["run", "green", "--project", "cli", "--url", base, "--token", token])
        #expect(printed.code == 0)
        #expect(printed.output.trimmingCharacters(in: .whitespacesAndNewlines) == "2", "\(printed.output)")

        // Refused: a bad token, an unknown workflow.
        let refused = try await ServerProcess.run(["run", "green", "--project", "cli", "--follow", "--url", base, "--token", "wrong"])
        #expect(refused.code == 5, "\(refused.output)")
        let unknown = try await ServerProcess.run(["run", "nope", "--project", "cli", "--follow", "--url", base, "--token", token])
        #expect(unknown.code == 5, "\(unknown.output)")
        #expect(unknown.output.contains("404"), "\(unknown.output)")

        // A server that shuts down ends its open task event streams instead of waiting for them.
        let stream = try await EventStreamClient.open(url: "\(base)/openapi/projects/cli/tasks/events", token: token)
        try await stream.waitSubscribed()
        let started = try await http(
            "POST", "\(base)/openapi/workflows/custom/task", token: token, body: #"{"project_key":"cli","workflow_key":"sleepy"}"#)
        #expect(started.status == 200, "\(started.body)")
        try await stream.waitUntil { $0.contains { $0.event == "job" && $0.data.contains(#""status":"running""#) } }
        // …and its open live job logs too (this one used to hold the server up until the job ended).
        let log = try await EventStreamClient.open(url: "\(base)/openapi/logs/sse/v4/workflow/sleepy/1/sleepy-job/10", token: token)
        #expect(log.status == 200)
        server.signal(SIGTERM)
        #expect(try await server.waitForExit(seconds: 15), "SIGTERM ends the server while a task event stream and a live log are open")
        try await stream.waitUntil(seconds: 15) { _ in stream.isEnded }
        try await log.waitUntil(seconds: 15) { _ in log.isEnded }
    }
}
