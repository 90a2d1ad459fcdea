import Foundation
import Testing

/// Issue 9.5: the parameters that define what a generated workflow runs (`pipeline`, and every
/// internal parameter of a Serverless Devs application's workflow) cannot be set by a caller.
@Suite struct LockedParamTests {
    @Test(arguments: StoreKind.enabled)
    func callersCannotOverrideAnApplicationsPipeline(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let created = try await app.call(
                .post, "/api/flow/application/create", auth: .cdToken(app.adminToken),
                body: """
                    {"repo":"r","owner":"o","repo_url":"https://example.com/o/r.git","provider_repo_id":"0","provider":"github",
                     "trigger_spec":{"github":{"events":[{"eventName":"push","template":"serverless-pipeline.yaml"}]}},
                     "secrets":{"TOKEN":"app-secret-value"},"description":"d"}
                    """)
            #expect(created.json["success"].bool == true, "create app: \(created.text)")
            let appID = try #require(created.json["data"]["id"].string)
            let key = "sdevs-app-\(appID)"
            let runner = try await app.makeMember("runner", project: "serverless-devs", actions: ["get_workflow", "run_workflow"])
            let evilPipeline = #"{"steps":[{"name":"leak","run":"echo ${{ secrets.TOKEN }} | rev"}]}"#
            for (name, value) in [("pipeline", evilPipeline), ("commit", "HEAD"), ("secrets.TOKEN", "x"), ("branch", "main"), ("dispatch", "1")] {
                let reply = try await app.call(
                    .post, "/openapi/workflows/custom/task", as: runner,
                    body: """
                        {"project_key":"serverless-devs","workflow_key":"\(key)","parameters":[{"name":\(Harness.jsonString(name)),"value":\(Harness.jsonString(value))}],"inputs":[]}
                        """)
                #expect(reply.status == .badRequest, "\(name): \(reply.text)")
                #expect(reply.json["code"].int == 6160)
                #expect(reply.json["description"].string == "parameter \(name) of workflow \(key) is internal and cannot be set by the caller")
            }
            let tasks = try await app.call(.get, "/openapi/workflows/custom/\(key)/tasks?projectKey=serverless-devs")
            #expect(tasks.json["total"].int == 0, "no task was created")
            let stored = try #require(try await app.store.workflows.get(key: key))
            #expect(stored.params.allSatisfy { $0.locked }, "the generated workflow marks every parameter internal")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func workflowsWithAServerlessPipelineJobLockTheParamsItReads(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            // A definition stored before the flag existed: the parameter feeding the pipeline is still internal.
            try await app.makeWorkflow(
                "deployer", params: #"[{"name":"pipeline","type":"string","value":""},{"name":"note","type":"string","value":""}]"#,
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            #"{"name":"pipe","type":"serverless-pipeline","spec":{"pipeline":"{{.workflow.params.pipeline}}","repo_url":"/nowhere"}}"#
                        ])
                ])
            let refused = try await app.call(
                .post, "/openapi/workflows/custom/task",
                body: """
                    {"project_key":"demo","workflow_key":"deployer","parameters":[{"name":"pipeline","value":"{}"}],"inputs":[]}
                    """)
            #expect(refused.json["code"].int == 6160)
            #expect(refused.json["description"].string == "parameter pipeline of workflow deployer is internal and cannot be set by the caller")
            let allowed = try await app.call(
                .post, "/openapi/workflows/custom/task",
                body: """
                    {"project_key":"demo","workflow_key":"deployer","parameters":[{"name":"note","value":"ok"}],"inputs":[]}
                    """)
            #expect(allowed.status == .ok, "a parameter the pipeline does not read stays settable: \(allowed.text)")
            await app.engine.waitUntilIdle()
        }
    }
}
