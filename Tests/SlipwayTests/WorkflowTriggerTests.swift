import Foundation
import Testing

/// `workflow-trigger` jobs start other workflows and, when asked, wait for their outcome.
@Suite struct WorkflowTriggerTests {
    static func triggerJob(_ name: String, target: String, params: String = "[]", wait: Bool) -> String {
        """
        {"name":"\(name)","type":"workflow-trigger","spec":{"trigger_type":"fixed","is_enable_check":\(wait),
         "fixed_workflow_list":[{"workflow_name":"\(target)","project_name":"demo","params":\(params)}]}}
        """
    }

    @Test(arguments: StoreKind.enabled)
    func parentWaitsForTheChild(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow(
                "child", params: #"[{"name":"mode","type":"string","value":"ok"}]"#,
                stages: [
                    Harness.stage("s", jobs: [Harness.shellJob("work", #"echo mode={{.workflow.params.mode}}; [ "{{.workflow.params.mode}}" = ok ]"#)])
                ])
            try await app.makeWorkflow(
                "parent",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Self.triggerJob("kick", target: "child", params: #"[{"name":"mode","type":"string","value":"ok"}]"#, wait: true)
                        ])
                ])
            try await app.makeWorkflow(
                "bad-parent",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Self.triggerJob("kick", target: "child", params: #"[{"name":"mode","type":"string","value":"broken"}]"#, wait: true)
                        ])
                ])
            try await app.makeWorkflow(
                "fire-and-forget",
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Self.triggerJob("kick", target: "child", params: #"[{"name":"mode","type":"string","value":"broken"}]"#, wait: false)
                        ])
                ])

            let ok = try await app.waitFor("parent", try await app.run("parent"))
            #expect(ok["status"].string == "passed")
            #expect(try await app.log("parent", 1, job: "kick").contains("triggered child task 1"))
            #expect(try await app.waitFor("child", 1)["status"].string == "passed")
            #expect(try await app.log("child", 1, job: "work").contains("mode=ok"))

            let bad = try await app.waitFor("bad-parent", try await app.run("bad-parent"))
            #expect(bad["status"].string == "failed")
            #expect(bad["stages"][0]["jobs"][0]["error"].string == "triggered workflow child task 2 ended failed")

            let loose = try await app.waitFor("fire-and-forget", try await app.run("fire-and-forget"))
            #expect(loose["status"].string == "passed", "without is_enable_check the outcome is not awaited")
            #expect(try await app.waitFor("child", 3)["status"].string == "failed")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func invalidTriggers(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("demo")
            let selfTrigger = try await app.call(
                .post, "/api/aslan/workflow/v4",
                body: """
                    {"name":"loop","display_name":"loop","project":"demo","concurrency_limit":-1,
                     "stages":[{"name":"s","jobs":[\(Self.triggerJob("kick", target: "loop", wait: false))]}]}
                    """)
            #expect(selfTrigger.json["description"].string == "job kick: a workflow cannot trigger itself")
            try await app.makeWorkflow("dangling", stages: [Harness.stage("s", jobs: [Self.triggerJob("kick", target: "ghost", wait: true)])])
            let done = try await app.waitFor("dangling", try await app.run("dangling"))
            #expect(done["status"].string == "failed")
            #expect(done["stages"][0]["jobs"][0]["error"].string == "workflow-trigger: ghost: workflow ghost not found in project demo")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func cancellingTheParentStopsWaiting(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("slow-child", limit: 0, stages: [Harness.stage("s", jobs: [Harness.shellJob("x", "true")])])
            try await app.makeWorkflow("waiter", stages: [Harness.stage("s", jobs: [Self.triggerJob("kick", target: "slow-child", wait: true)])])
            let id = try await app.run("waiter")
            try await app.waitFor("slow-child", 1) { $0["status"].string == "waiting" }
            #expect(try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=waiter").status == .ok)
            let done = try await app.waitFor("waiter", id) { $0["stages"][0]["jobs"][0]["status"].string == "cancelled" }
            #expect(done["status"].string == "cancelled")
            #expect(await app.engine.tasksAwaited == 0, "the child, still waiting, is no longer awaited by anyone")
            _ = try await app.call(.delete, "/openapi/workflows/custom/task?taskId=1&workflowKey=slow-child")
            try await app.engine.waitUntilIdle()
        }
    }

    /// A task a `workflow-trigger` job starts records its parent: the run list's trigger column
    /// links to the parent run (on both stores, through the list columns), while a run started
    /// by hand stays "manual".
    @Test(arguments: StoreKind.enabled)
    func aTriggeredRunShowsWhichRunStartedIt(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("child", stages: [Harness.stage("s", jobs: [Harness.shellJob("work", "true")])])
            try await app.makeWorkflow("parent", stages: [Harness.stage("s", jobs: [Self.triggerJob("kick", target: "child", wait: true)])])
            #expect(try await app.waitFor("parent", try await app.run("parent"))["status"].string == "passed")
            #expect(try await app.waitFor("child", 1)["status"].string == "passed")
            #expect(try await app.waitFor("child", try await app.run("child"))["status"].string == "passed")

            let page = try await app.store.tasks.summaries(workflowKey: "child", page: 1, pageSize: 10)
            #expect(page.items.map(\.startedBy) == ["", "workflow:demo:parent:1"])
            var browser = try await app.adminBrowser()
            let runs = try await browser.get("/ui/projects/demo/workflows/child")
            #expect(runs.status == .ok)
            #expect(runs.text.contains(#"<a href="/ui/projects/demo/workflows/parent/runs/1">workflow parent run #1</a>"#), "\(runs.text)")
            #expect(runs.text.components(separatedBy: "<td>manual</td>").count - 1 == 1, "\(runs.text)")
        }
    }
}
