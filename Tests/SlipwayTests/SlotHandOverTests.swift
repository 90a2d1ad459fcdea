import Foundation
import Testing

/// Issue 10.1: however a task ends, the task queued behind it starts.
@Suite struct SlotHandOverTests {
    enum Ending: String, CaseIterable, Sendable {
        case cancelWhileRunning, cancelInApproval, reject, jobTimeout, approvalTimeout, failed
        var scaledMinute: Bool { self == .jobTimeout || self == .approvalTimeout }
        var finalStatus: String {
            switch self {
            case .cancelWhileRunning, .cancelInApproval: return "cancelled"
            case .reject: return "reject"
            case .jobTimeout, .approvalTimeout: return "timeout"
            case .failed: return "failed"
            }
        }
    }

    static var cases: [(StoreKind, Ending)] { StoreKind.enabled.flatMap { kind in Ending.allCases.map { (kind, $0) } } }

    @Test(arguments: cases)
    func theNextTaskStarts(kind: StoreKind, ending: Ending) async throws {
        try await withApp(kind, minute: ending.scaledMinute ? .seconds(1) : .seconds(60)) { app in
            let dir = app.scratch.path
            let firstOnly = ending == .failed ? "exit 1" : "sleep 60"
            try await app.makeWorkflow(
                "serial", limit: 1,
                stages: [
                    Harness.stage("ask", jobs: [WorkflowApprovalTests.approvalJob("gate", users: ["admin"], timeout: ending == .approvalTimeout ? 3 : 600)]),
                    Harness.stage(
                        "work",
                        jobs: [
                            Harness.shellJob(
                                "job", "touch \(dir)/started-$TASK_ID; if [ \"$TASK_ID\" = 1 ]; then \(firstOnly); fi",
                                timeout: ending == .jobTimeout ? 2 : 600)
                        ]),
                ])
            func decide(_ id: Int, _ approve: Bool) async throws -> Reply {
                try await app.call(
                    .post, "/openapi/workflows/custom/task/approve",
                    body: #"{"task_id":\#(id),"workflow_key":"serial","stage_name":"gate","approve":\#(approve)}"#)
            }
            let first = try await app.run("serial")
            try await app.waitFor("serial", first) { $0["stages"][0]["jobs"][0]["status"].string == "wait_for_approval" }
            let second = try await app.run("serial")
            let queued = try await app.waitFor("serial", second) { $0["pending_reason"].string?.isEmpty == false }
            #expect(queued["pending_reason"].string == "concurrency_limit 1 reached by task \(first)")

            switch ending {
            case .cancelInApproval:
                #expect(try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(first)&workflowKey=serial").status == .ok)
            case .reject:
                #expect(try await decide(first, false).status == .ok)
            case .approvalTimeout:
                break
            case .cancelWhileRunning, .jobTimeout, .failed:
                #expect(try await decide(first, true).status == .ok)
                _ = try await app.waitForFile("started-\(first)")
                if ending == .cancelWhileRunning {
                    #expect(try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(first)&workflowKey=serial").status == .ok)
                }
            }
            #expect(try await app.waitFor("serial", first)["status"].string == ending.finalStatus)
            let started = try await app.waitFor("serial", second) { $0["status"].string != "waiting" }
            #expect(started["status"].string != "waiting", "the queued task was handed the slot")
            #expect(started["pending_reason"].string?.contains("task \(first)") != true)
            if ending != .approvalTimeout {
                try await app.waitFor("serial", second) { $0["stages"][0]["jobs"][0]["status"].string == "wait_for_approval" }
                #expect(try await decide(second, true).status == .ok)
                #expect(try await app.waitFor("serial", second)["status"].string == "passed")
            } else {
                #expect(try await app.waitFor("serial", second)["status"].string == "timeout")
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func cancellingUnderTheGlobalLimitStartsTheNextTask(kind: StoreKind) async throws {
        try await withApp(kind, maxRunningTasks: 1) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow("long", stages: [Harness.stage("s", jobs: [Harness.shellJob("wait", "touch \(dir)/long; sleep 60")])])
            try await app.makeWorkflow("short", stages: [Harness.stage("s", jobs: [Harness.shellJob("ok", "true")])])
            let first = try await app.run("long")
            _ = try await app.waitForFile("long")
            let second = try await app.run("short")
            let blocked = try await app.waitFor("short", second) { $0["pending_reason"].string?.isEmpty == false }
            #expect(blocked["pending_reason"].string == "global limit of 1 running tasks reached")
            #expect(try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(first)&workflowKey=long").status == .ok)
            #expect(try await app.waitFor("long", first)["status"].string == "cancelled")
            #expect(try await app.waitFor("short", second)["status"].string == "passed")
        }
    }
}
