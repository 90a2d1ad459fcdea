import Foundation
import Testing

/// Running workflows: the task lifecycle, stages, logs, variables, outputs and masking.
@Suite struct WorkflowRunTests {
    @Test(arguments: StoreKind.enabled)
    func echoWorkflowRunsAndIsNumbered(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("hello", stages: [Harness.stage("build", jobs: [Harness.shellJob("say", "echo hello from $WORKFLOW task $TASK_ID")])])
            let first = try await app.run("hello")
            let second = try await app.run("hello")
            #expect((first, second) == (1, 2))
            let done = try await app.waitFor("hello", first)
            #expect(done["status"].string == "passed")
            #expect(done["workflow_key"].string == "hello")
            #expect(done["project_key"].string == "demo")
            #expect(done["task_creator"].string == "admin")
            #expect(done["stages"][0]["status"].string == "passed")
            #expect(done["stages"][0]["jobs"][0]["name"].string == "say")
            #expect(done["stages"][0]["jobs"][0]["type"].string == "freestyle")
            #expect(done["stages"][0]["jobs"][0]["status"].string == "passed")
            let start = try #require(done["start_time"].int), end = try #require(done["end_time"].int)
            #expect(end >= start && abs(start - Int(Date().timeIntervalSince1970)) < 60)
            #expect(try await app.log("hello", first, job: "say").contains("hello from hello task 1"))
            try await app.waitFor("hello", second)
            let list = try await app.call(.get, "/openapi/workflows/custom/hello/tasks?projectKey=demo&pageNum=1&pageSize=10")
            #expect(list.json["total"].int == 2)
            #expect(list.json["workflow_tasks"].array.compactMap { $0["task_id"].int } == [2, 1])
            #expect(
                list.json["workflow_tasks"][0].keys == [
                    "workflow_key", "workflow_name", "project_key", "task_id", "create_time",
                    "task_creator", "start_time", "end_time", "status",
                ])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func failingJobFailsTheTaskAndStopsLaterStages(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow(
                "fails",
                stages: [
                    Harness.stage("one", jobs: [Harness.shellJob("bad", "echo about to fail; exit 3"), Harness.shellJob("never", "echo nope")]),
                    Harness.stage("two", jobs: [Harness.shellJob("later", "echo later")]),
                ])
            let id = try await app.run("fails")
            let done = try await app.waitFor("fails", id)
            #expect(done["status"].string == "failed")
            #expect(done["stages"][0]["status"].string == "failed")
            #expect(done["stages"][0]["jobs"][0]["error"].string == "script exited with code 3")
            #expect(done["stages"][0]["jobs"][1]["status"].string == "", "a serial stage stops at the first failure")
            #expect(done["stages"][1]["status"].string == "", "later stages never start")
            #expect(try await app.log("fails", id, job: "bad").contains("about to fail"))
        }
    }

    @Test(arguments: StoreKind.enabled)
    func parallelStageRunsJobsTogether(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            // Each job waits for the other's marker: only possible when both run at once.
            let a = "touch \(dir)/a; for i in $(seq 200); do [ -f \(dir)/b ] && exit 0; sleep 0.05; done; exit 1"
            let b = "touch \(dir)/b; for i in $(seq 200); do [ -f \(dir)/a ] && exit 0; sleep 0.05; done; exit 1"
            try await app.makeWorkflow("par", stages: [Harness.stage("both", parallel: true, jobs: [Harness.shellJob("a", a), Harness.shellJob("b", b)])])
            let done = try await app.waitFor("par", try await app.run("par"))
            #expect(done["status"].string == "passed")
            #expect(done["stages"][0]["parallel"].bool == true)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func variablesOutputsAndMasking(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let params = """
                [{"name":"greeting","type":"string","value":"hi"},{"name":"token","type":"string","value":"default-secret","is_credential":true}]
                """
            try await app.makeWorkflow(
                "vars", params: params,
                stages: [
                    Harness.stage("make", jobs: [Harness.shellJob("producer", "echo v1.2.3 > $SLIPWAY_OUTPUTS_DIR/VERSION")]),
                    Harness.stage(
                        "use",
                        jobs: [
                            Harness.shellJob(
                                "consumer",
                                "echo version={{.job.producer.output.VERSION}} greet={{.workflow.params.greeting}} id={{.workflow.task.id}} proj={{.project}} gone=[{{.job.nothing.output.X}}]; echo token=$TOKEN; echo plain={{.workflow.params.token}}",
                                envs: #"[{"key":"TOKEN","value":"{{.workflow.params.token}}","type":"string","is_credential":true}]"#)
                        ]),
                ])
            let id = try await app.run(
                "vars", parameters: #"[{"name":"greeting","type":"string","value":"hello there"},{"name":"token","value":"s3cr3t-value"}]"#)
            let done = try await app.waitFor("vars", id)
            #expect(done["status"].string == "passed")
            let log = try await app.log("vars", id, job: "consumer")
            #expect(log.contains("version=v1.2.3 greet=hello there id=1 proj=demo gone=[]"))
            #expect(log.contains("token=***"))
            #expect(log.contains("plain=***"))
            #expect(!log.contains("s3cr3t-value"))
            let token = try #require(done["params"].array.first { $0["name"].string == "token" })
            #expect(token["value"].string == "***")
            #expect(!(try await app.call(.get, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=vars").text.contains("s3cr3t-value")))
            #expect(done["stages"][0]["jobs"][0]["outputs"][0] == JSON(#"{"name":"VERSION","value":"v1.2.3"}"#))
            let unknown = try await app.call(
                .post, "/openapi/workflows/custom/task",
                body: """
                    {"project_key":"demo","workflow_key":"vars","parameters":[{"name":"nope","value":"x"}],"inputs":[]}
                    """)
            #expect(unknown.json["code"].int == 6160)
            #expect(unknown.json["description"].string == "workflow vars has no parameter nope")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func pluginJobResolvesInputs(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let plugin = """
                {"name":"greet","type":"plugin","spec":{"plugin":{"name":"hello-world","version":"v0.0.1","image":"",
                 "cmds":["/bin/sh","-c"],"args":["echo $(inputs.CONTENT) and $WHO"],
                 "envs":[{"name":"WHO","value":"$(inputs.WHO)"}],
                 "inputs":[{"name":"CONTENT","type":"string","value":"hello world"},{"name":"WHO","type":"string","value":"","default":"zadig"}]}}}
                """
            try await app.makeWorkflow("plug", stages: [Harness.stage("s", jobs: [plugin])])
            let id = try await app.run("plug", inputs: #"[{"job_name":"greet","job_type":"plugin","parameters":{"kv":[{"key":"CONTENT","value":"bonjour"}]}}]"#)
            #expect(try await app.waitFor("plug", id)["status"].string == "passed")
            #expect(try await app.log("plug", id, job: "greet").contains("bonjour and zadig"))
        }
    }
}
