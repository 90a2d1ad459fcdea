import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import Testing

/// Release plan timers: `schedule_execute_time` starts the plan's workflow jobs at that time
/// (Zadig's cron → `POST /api/aslan/release_plan/v1/:id/schedule_execute`), and a native
/// approval's `timeout` (minutes) moves an unanswered approval to `timeout`.
@Suite struct ReleasePlanTimerTests {
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// A plan managed by `mgr` with one workflow job (and a text job when `text`).
    static func body(schedule: Int64 = 0, approvers: [String] = [], timeout: Int = 0, text: Bool = false) -> String {
        let users = approvers.map { #"{"user_name":"\#($0)"}"# }.joined(separator: ",")
        let approval =
            approvers.isEmpty
            ? ""
            : #","approval":{"enabled":true,"type":"native","native_approval":{"approve_users":[\#(users)],"needed_approvers":1,"timeout":\#(timeout)}}"#
        let textJob = text ? #"{"name":"announce","type":"text","spec":{"content":"tell"}},"# : ""
        return """
            {"name":"timed","manager":"mgr","manager_identity_type":"system","schedule_execute_time":\(schedule)\(approval),
             "jobs":[\(textJob){"name":"ship","type":"workflow","spec":{"workflow_key":"deploy","project_key":"demo","inputs":[]}}]}
            """
    }

    @Test(arguments: StoreKind.enabled)
    func scheduledExecutionRunsTheWorkflowJobsAtItsTime(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "echo scheduled")])])
            let managerToken = try await app.makeMember("mgr", actions: ["get_workflow", "run_workflow"])
            let at = Self.now() + 2
            let id = try await app.makeReleasePlan(Self.body(schedule: at))
            #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: Self.body(schedule: at)).status == .ok)
            try await app.withReleasePlanTimer {
                try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
                #expect(try await app.moveReleasePlan(id, to: "executing", as: managerToken).status == .ok)
                var plan = try await app.releasePlan(id)
                #expect(plan["schedule_execute_time"].int == Int(at))
                #expect(plan["jobs"][0]["status"].string == "todo", "nothing runs before its time")
                plan = try await app.waitForReleasePlan(id, seconds: 20) { $0["status"].string == "success" }
                #expect(Self.now() >= at)
                #expect(plan["jobs"][0]["status"].string == "done")
                #expect(plan["jobs"][0]["executed_by"].string == "系统")
                let task = try await app.task("deploy", 1)
                #expect(task["status"].string == "passed")
                #expect(task["task_creator"].string == "mgr" || task["creator"].string == "mgr", "the task is the manager's: \(task)")
                #expect(try await app.log("deploy", 1, job: "build").contains("scheduled"))
                let logs = try await app.call(.get, "/api/aslan/release_plan/v1/\(id)/logs", as: managerToken).json["list"].array
                #expect(logs.contains { $0["username"].string == "系统" && $0["verb"].string == "执行" && $0["detail"].string == "定时执行" })
                // Once per executing round: no second task.
                try await Task.sleep(for: .milliseconds(400))
                #expect(try await app.call(.get, "/openapi/workflows/custom/task?taskId=2&workflowKey=deploy").status != .ok)
            }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aScheduleNeedsItsApprovalAndIsDroppedWhenLongPast(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "true")])])
            let managerToken = try await app.makeMember("mgr", actions: ["get_workflow", "run_workflow"])
            let (_, aliceToken) = try await app.makeUser("alice")
            let timers = ReleasePlanService(try PipelineServiceTests.services(app))
            let at = Self.now() + 100
            let body = Self.body(schedule: at, approvers: ["alice"])
            let id = try await app.makeReleasePlan(body)
            #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: body).status == .ok)
            try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
            try await app.moveReleasePlan(id, to: "wait_for_approval", as: managerToken)
            // Waiting for approval, the schedule does nothing (Zadig keeps its cron only while executing).
            await timers.runTimers(now: at + 1)
            #expect(try await app.releasePlan(id)["jobs"][0]["status"].string == "todo")
            #expect(try await app.call(.post, "/api/aslan/release_plan/v1/\(id)/approve", as: aliceToken, body: #"{"approve":true}"#).status == .ok)
            // Approved: executing, the time not yet come.
            #expect(await timers.runTimers(now: at - 1).isEmpty)
            // 31 s past it (Zadig starts a schedule missed by at most 30 s): dropped, said so in the history.
            #expect(await timers.runTimers(now: at + 31) == [id])
            let plan = try await app.releasePlan(id)
            #expect(plan["status"].string == "executing")
            #expect(plan["jobs"][0]["status"].string == "todo")
            let logs = try await app.call(.get, "/api/aslan/release_plan/v1/\(id)/logs").json["list"].array
            #expect(logs.last?["detail"].string == "定时执行时间已过, 未执行", "\(logs)")
            #expect(await timers.runTimers(now: at + 32).isEmpty, "taken once")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aScheduledRunIsTheManagersAndNeedsTheirRight(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "true")])])
            // The manager takes no part in project demo: the timer may not run its workflow for them.
            let (_, managerToken) = try await app.makeUser("mgr")
            let timers = ReleasePlanService(try PipelineServiceTests.services(app))
            let at = Self.now() + 100
            let id = try await app.makeReleasePlan(Self.body(schedule: at))
            #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: Self.body(schedule: at)).status == .ok)
            try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
            try await app.moveReleasePlan(id, to: "executing", as: managerToken)
            #expect(await timers.runTimers(now: at) == [id])
            let plan = try await app.releasePlan(id)
            #expect(plan["status"].string == "executing")
            #expect(plan["jobs"][0]["status"].string == "todo", "the job goes back to do")
            #expect(try await app.store.tasks.get(workflowKey: "deploy", taskID: 1) == nil, "no task was started")
            let logs = try await app.call(.get, "/api/aslan/release_plan/v1/\(id)/logs").json["list"].array
            #expect(logs.last?["detail"].string?.hasPrefix("定时执行失败") == true, "\(logs)")
            // The manager may still execute it by hand once allowed (here the administrator does).
            let job = try #require(plan["jobs"][0]["id"].string)
            #expect(try await app.call(.post, "/api/aslan/release_plan/v1/\(id)/execute", body: #"{"id":"\#(job)","type":"workflow"}"#).status == .ok)
            try await app.waitForReleasePlan(id) { $0["status"].string == "success" }
        }
    }

    @Test(arguments: StoreKind.enabled)
    func anUnansweredApprovalTimesOutAfterItsMinutes(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "true")])])
            let (_, managerToken) = try await app.makeUser("mgr")
            let (_, aliceToken) = try await app.makeUser("alice")
            let timers = ReleasePlanService(try PipelineServiceTests.services(app))
            let body = Self.body(approvers: ["alice"], timeout: 1)
            let id = try await app.makeReleasePlan(body)
            #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: body).status == .ok)
            try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
            let before = Self.now()
            try await app.moveReleasePlan(id, to: "wait_for_approval", as: managerToken)
            let after = Self.now()
            // `timeout` is in minutes: 59 s on, the approval still waits.
            await timers.runTimers(now: before + 59)
            #expect(try await app.releasePlan(id)["status"].string == "wait_for_approval")
            await timers.runTimers(now: after + 60)
            let plan = try await app.releasePlan(id)
            #expect(plan["status"].string == "timeout")
            #expect(plan["approval"]["status"].string == "timeout")
            #expect(plan["approval_time"].int ?? 0 > 0)
            let late = try await app.call(.post, "/api/aslan/release_plan/v1/\(id)/approve", as: aliceToken, body: #"{"approve":true}"#)
            #expect(late.status == .badRequest)
            #expect(late.json["description"].string == "plan status is timeout, can not approve", "\(late.text)")
            let logs = try await app.call(.get, "/api/aslan/release_plan/v1/\(id)/logs").json["list"].array
            #expect(logs.last?["detail"].string == "审批超时")
            // From timeout the manager goes back to planning, and the next round's approval waits again.
            #expect(try await app.moveReleasePlan(id, to: "planning", as: managerToken).status == .ok)
            #expect(try await app.releasePlan(id)["approval"]["status"].string == "")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func theTimerMovesAnApprovalOnByItself(kind: StoreKind) async throws {
        // A one-second "minute", as the engine's approval jobs use in tests; and a plan without a timeout waits on.
        try await withApp(kind, minute: .seconds(1)) { app in
            try await app.makeWorkflow("deploy", stages: [Harness.stage("s", jobs: [Harness.shellJob("build", "true")])])
            let (_, managerToken) = try await app.makeUser("mgr")
            _ = try await app.makeUser("alice")
            // Three "minutes" (seconds): a loaded machine still reads the plan waiting before it times out.
            let timed = try await app.makeReleasePlan(Self.body(approvers: ["alice"], timeout: 3))
            let untimed = try await app.makeReleasePlan(Self.body(approvers: ["alice"], timeout: 0))
            for (id, timeout) in [(timed, 3), (untimed, 0)] {
                #expect(try await app.call(.patch, "/openapi/release_plan/v1/\(id)", body: Self.body(approvers: ["alice"], timeout: timeout)).status == .ok)
                try await app.moveReleasePlan(id, to: "finish_planning", as: managerToken)
            }
            try await app.withReleasePlanTimer {
                for id in [timed, untimed] { try await app.moveReleasePlan(id, to: "wait_for_approval", as: managerToken) }
                #expect(try await app.releasePlan(timed)["status"].string == "wait_for_approval")
                try await app.waitForReleasePlan(timed, seconds: 20) { $0["status"].string == "timeout" }
                try await Task.sleep(for: .seconds(1))
                #expect(try await app.releasePlan(untimed)["status"].string == "wait_for_approval")
            }
        }
    }
}

extension Harness {
    /// Run the release plan timer, as the server does, while `body` runs.
    func withReleasePlanTimer<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let context = try PipelineServiceTests.services(self)
        let timer = Task { await ReleasePlanService(context).runTimers(every: .milliseconds(100)) }
        defer { timer.cancel() }
        return try await body()
    }
}
