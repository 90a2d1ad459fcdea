import Foundation
import Testing

/// Issue 10.12–10.15: Zadig's documented shapes for task detail specs, workflow detail, not-started
/// jobs and pre-approval tickets.
@Suite struct ZadigShapeTests {
    @Test(arguments: StoreKind.enabled)
    func taskDetailSpecsFollowTheDocumentedShapes(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let envs = #"[{"key":"myName","value":"zadig","type":"string","is_credential":false},{"key":"pw","value":"hidden-pw","is_credential":true}]"#
            let plugin = #"""
                {"name":"say-hi","type":"plugin","spec":{"plugin":{"name":"hello","version":"v0.0.1","description":"greets","image":"",
                 "cmds":["/bin/sh","-c"],"args":["echo $(inputs.who)"],"envs":[{"name":"E","value":"v"}],
                 "inputs":[{"name":"who","value":"zadig","is_credential":false}],"outputs":[]},"properties":{"timeout":60}}}
                """#
            try await app.makeWorkflow(
                "shapes",
                stages: [
                    Harness.stage("one", jobs: [Harness.shellJob("echo-hello", "echo hi", envs: envs), plugin]),
                    Harness.stage("two", jobs: [Harness.shellJob("fail", "exit 1")]),
                    Harness.stage("three", jobs: [Harness.shellJob("never", "true")]),
                ])
            let id = try await app.run("shapes")
            let done = try await app.waitFor("shapes", id)
            #expect(done["status"].string == "failed")
            let jobs = done["stages"][0]["jobs"].array
            let freestyle = try #require(jobs.first { $0["name"].string == "echo-hello" })["spec"]
            #expect(freestyle.keys == ["repos", "image", "service_name", "service_module", "envs"])
            #expect(freestyle["envs"][0] == JSON(#"{"key":"myName","value":"zadig","type":"string","is_credential":false}"#))
            #expect(freestyle["envs"][1]["value"].string == "***")
            let pluginSpec = try #require(jobs.first { $0["name"].string == "say-hi" })["spec"]
            #expect(pluginSpec.keys == ["name", "is_offical", "description", "repo_url", "version", "image", "args", "cmds", "envs", "inputs", "outputs"])
            #expect(pluginSpec["name"].string == "hello")
            #expect(pluginSpec["cmds"] == JSON(#"["/bin/sh","-c"]"#))
            // Issue 10.14: jobs of a stage never reached carry a documented status.
            #expect(done["stages"][2]["status"].string == "")
            #expect(done["stages"][2]["jobs"][0]["status"].string == "notRun")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func jobsOfAStageNotReachedYetAreCreated(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            try await app.makeWorkflow(
                "later",
                stages: [
                    Harness.stage("one", jobs: [Harness.shellJob("hold", "touch \(dir)/held; while [ ! -f \(dir)/go ]; do sleep 0.02; done")]),
                    Harness.stage("two", jobs: [Harness.shellJob("next", "true")]),
                ])
            let id = try await app.run("later")
            _ = try await app.waitForFile("held")
            #expect(try await app.task("later", id)["stages"][1]["jobs"][0]["status"].string == "created")
            app.touch("go")
            #expect(try await app.waitFor("later", id)["stages"][1]["jobs"][0]["status"].string == "passed")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func workflowDetailIsNormalised(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow(
                "norm",
                stages: [
                    Harness.stage("build", jobs: [Harness.shellJob("b", "true")]),
                    Harness.stage(
                        "ship", jobs: [Harness.shellJob("s", "true")],
                        approval:
                            #"{"enabled":true,"type":"native","native_approval":{"approve_users":[{"user_name":"admin"}],"needed_approvers":1,"timeout":30}}"#),
                ])
            let detail = try await app.call(.get, "/openapi/workflows/custom/norm/detail?projectKey=demo").json
            let open = detail["stages"][0]["approval"]
            #expect(open["enabled"].bool == false)
            #expect(open["type"].string == "native")
            #expect(open["native_approval"].keys == ["Timeout", "approve_users", "NeededApprovers"])
            #expect(open["dingtalk_approval"].keys == ["Timeout"])
            let gated = detail["stages"][1]["approval"]
            #expect(gated["enabled"].bool == true)
            #expect(gated["native_approval"]["Timeout"].int == 30)
            #expect(gated["native_approval"]["NeededApprovers"].int == 1)
            #expect(gated["native_approval"]["approve_users"][0]["user_name"].string == "admin")
            let job = detail["stages"][0]["jobs"][0]
            #expect(job["skipped"].bool == false)
            #expect(job["run_policy"].string == "")
            #expect(job["service_modules"] == JSON("[]"))
            #expect(job["error_policy"]["policy"].string == "stop")
            // The normalised detail is accepted back as an update.
            var body = try #require(
                try JSONSerialization.jsonObject(with: Data(try await app.call(.get, "/openapi/workflows/custom/norm/detail?projectKey=demo").text.utf8))
                    as? [String: Any])
            body["name"] = "norm"; body["display_name"] = "norm"; body["project"] = "demo"
            let again = try await app.call(
                .put, "/api/aslan/workflow/v4/norm?projectName=demo",
                body: String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
            #expect(again.status == .ok, "\(again.text)")
            let stored = try #require(try await app.store.workflows.get(key: "norm"))
            #expect(stored.stages[1].approval?.timeoutMinutes == 30)
            #expect(stored.stages[0].approval == nil)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func ticketEnvsAsAStringAndTheDocumentedAnswer(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("demo")
            let reply = try await app.call(
                .post, "/openapi/ticket/approval", body: #"{"project_key":"demo","approval_id":"T-1","status":1,"envs":"dev, prod"}"#)
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json == JSON(#"{"code":1,"message":"success"}"#))
            #expect(try await app.store.tickets.get(projectKey: "demo", approvalID: "T-1")?.envs == ["dev", "prod"])
            let list = try await app.call(.post, "/openapi/ticket/approval", body: #"{"project_key":"demo","approval_id":"T-2","status":1,"envs":["qa"]}"#)
            #expect(list.status == .ok)
            #expect(try await app.store.tickets.get(projectKey: "demo", approvalID: "T-2")?.envs == ["qa"])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func approvalsByStageNameAndInputsForUnknownJobs(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow(
                "rel",
                stages: [
                    Harness.stage("release", jobs: [WorkflowApprovalTests.approvalJob("gate", users: ["admin"])]),
                    Harness.stage(
                        "pair", parallel: true,
                        jobs: [
                            WorkflowApprovalTests.approvalJob("left", users: ["admin"]), WorkflowApprovalTests.approvalJob("right", users: ["admin"]),
                        ]),
                ])
            // Issue 10.11: inputs naming a job the workflow does not have are ignored.
            let id = try await app.run("rel", inputs: #"[{"job_name":"ghost","job_type":"freestyle","parameters":{"kv":[]}}]"#)
            func approve(_ name: String) async throws -> Reply {
                try await app.call(
                    .post, "/openapi/workflows/custom/task/approve",
                    body: #"{"task_id":\#(id),"workflow_key":"rel","stage_name":"\#(name)","approve":true}"#)
            }
            try await app.waitFor("rel", id) { $0["stages"][0]["jobs"][0]["status"].string == "wait_for_approval" }
            let byStage = try await approve("release")
            #expect(byStage.status == .ok, "approve by the stage's name: \(byStage.text)")
            try await app.waitFor("rel", id) { $0["stages"][1]["jobs"].array.allSatisfy { $0["status"].string == "wait_for_approval" } }
            let ambiguous = try await approve("pair")
            #expect(ambiguous.json["code"].int == 6169)
            #expect(ambiguous.json["description"].string == "stage pair has 2 approvals waiting; approve by the approval job's name")
            #expect(try await approve("left").status == .ok)
            let single = try await approve("pair")
            #expect(single.status == .ok, "one approval left in the stage: unambiguous: \(single.text)")
            #expect(try await app.waitFor("rel", id)["status"].string == "passed")
        }
    }
}
