import Foundation
import Testing

/// The scheduler keeps each workflow's concurrency limit between passes (`KeptLimits`); a saved
/// definition makes it read the limit again, so a waiting task is judged by the limit as saved.
@Suite struct ConcurrencyLimitChangeTests {
    @Test(arguments: StoreKind.enabled)
    func aWaitingTaskFollowsALimitChangedWhileItWaits(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            let stage = Harness.stage(
                "s", jobs: [Harness.shellJob("wait", "echo $TASK_ID >> \(dir)/order; while [ ! -f \(dir)/go-$TASK_ID ]; do sleep 0.02; done")])
            try await app.makeWorkflow("gate", limit: 1, stages: [stage])
            let first = try await app.run("gate")
            _ = try await app.waitForFile("order", nonEmpty: true)
            let second = try await app.run("gate")
            let waiting = try await app.waitFor("gate", second) { $0["pending_reason"].string?.isEmpty == false }
            #expect(waiting["pending_reason"].string == "concurrency_limit 1 reached by task \(first)")

            // Saved as "never runs" while the second task waits: when the first ends, the second
            // is judged by the new limit, not the one read before.
            let saved = try await app.call(
                .put, "/api/aslan/workflow/v4/gate",
                body: """
                    {"name":"gate","display_name":"gate","project":"demo","concurrency_limit":0,"stages":[\(stage)]}
                    """)
            #expect(saved.status == .ok, "\(saved.text)")
            app.touch("go-\(first)")
            #expect(try await app.waitFor("gate", first)["status"].string == "passed")
            let never = try await app.waitFor("gate", second) { $0["pending_reason"].string?.hasPrefix("concurrency_limit 0") == true }
            #expect(never["status"].string == "waiting")
            #expect(never["pending_reason"].string == "concurrency_limit 0: this workflow never runs")

            // Saved again without a limit: the next pass (a third task's arrival) starts both.
            let opened = try await app.call(
                .put, "/api/aslan/workflow/v4/gate",
                body: """
                    {"name":"gate","display_name":"gate","project":"demo","concurrency_limit":-1,"stages":[\(stage)]}
                    """)
            #expect(opened.status == .ok, "\(opened.text)")
            let third = try await app.run("gate")
            app.touch("go-\(second)")
            app.touch("go-\(third)")
            #expect(try await app.waitFor("gate", second)["status"].string == "passed")
            #expect(try await app.waitFor("gate", third)["status"].string == "passed")
            // Without a limit the two run side by side: only the first is known to have run first.
            let order = try String(contentsOfFile: "\(dir)/order", encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(order.first == "\(first)" && Set(order) == ["\(first)", "\(second)", "\(third)"] && order.count == 3, "\(order)")
        }
    }
}
