import Foundation
import SlipwayStore
import Testing

/// Issue 9, done-when: after a scenario that stores every kind of secret and runs a task using them,
/// neither the database (SQLite file and WAL, or every PostgreSQL row), nor the task logs, nor any
/// API response holds a secret's plaintext.
@Suite struct SecretsAtRestScenarioTests {
    static let secrets = [
        "SCN-PARAM-secret-1", "SCN-ENV-secret-2", "SCN-DB-secret-3", "SCN-HOOK-secret-4", "SCN-APP-secret-5",
    ]

    @Test(arguments: StoreKind.enabled)
    func noPlaintextSecretAnywhere(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            var responses: [(what: String, text: String)] = []
            func call(_ what: String, _ reply: Reply) -> Reply {
                responses.append((what, reply.text))
                return reply
            }
            // A Zadig workflow: a credential parameter and a credential env, both used by the job.
            let params = #"[{"name":"deploy_token","type":"string","default":"SCN-PARAM-secret-1","is_credential":true}]"#
            let envs = """
                [{"key":"API_KEY","value":"SCN-ENV-secret-2","type":"string","is_credential":true},
                 {"key":"DEPLOY","value":"{{.workflow.params.deploy_token}}","type":"string","is_credential":true}]
                """
            _ = call(
                "create workflow",
                try await app.makeWorkflow(
                    "secret-flow", params: params,
                    stages: [
                        Harness.stage("s", jobs: [Harness.shellJob("use", "echo key=$API_KEY deploy=$DEPLOY", envs: envs)])
                    ]))
            let id = try await app.run("secret-flow")
            let done = try await app.waitFor("secret-flow", id)
            #expect(done["status"].string == "passed", "\(done)")
            let log = call("task log", try await app.call(.get, "/openapi/logs/log/v4/workflow/secret-flow/\(id)/use"))
            #expect(log.text.contains("key=*** deploy=***"), "the log is masked: \(log.text)")
            _ = call("task detail", try await app.call(.get, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=secret-flow"))
            _ = call("task list", try await app.call(.get, "/openapi/workflows/custom/secret-flow/tasks?projectKey=demo"))
            _ = call("workflow list", try await app.call(.get, "/openapi/workflows?projectKey=demo"))
            _ = call("workflow detail", try await app.call(.get, "/openapi/workflows/custom/secret-flow/detail?projectKey=demo"))

            // A database instance with a password.
            _ = call(
                "create dbinstance",
                try await app.call(
                    .post, "/api/aslan/system/dbinstance",
                    body: """
                        {"name":"pg","type":"postgresql","host":"127.0.0.1","port":5432,"username":"app","password":"SCN-DB-secret-3","database":"app"}
                        """))
            _ = call("list dbinstances", try await app.call(.get, "/api/aslan/system/dbinstance"))

            // A Serverless Devs application with secrets and a webhook secret.
            let created = call(
                "create application",
                try await app.call(
                    .post, "/api/flow/application/create", auth: .cdToken(app.adminToken),
                    body: """
                        {"repo":"svc","owner":"acme","repo_url":"https://github.com/acme/svc.git","provider_repo_id":"1","provider":"github",
                         "trigger_spec":{"github":{"secret":"SCN-HOOK-secret-4","events":[{"eventName":"push"}]}},
                         "secrets":{"GIT_TOKEN":"SCN-APP-secret-5"}}
                        """))
            let appID = try #require(created.json["data"]["id"].string, "\(created.text)")
            _ = call("application detail", try await app.call(.get, "/api/flow/application/detail?id=\(appID)", auth: .cdToken(app.adminToken)))
            _ = call("application list", try await app.call(.get, "/api/flow/application/list", auth: .cdToken(app.adminToken)))
            let stored = try #require(try await app.store.serverlessApps.get(id: Int64(appID)!))
            #expect(stored.secrets["GIT_TOKEN"] == "SCN-APP-secret-5", "reads above the store see plaintext")
            #expect(stored.webhookSecret(for: "github") == "SCN-HOOK-secret-4")

            // A CODING OAuth client: its secret is handed out once, by the call that registers it.
            let client = try await app.call(.post, "/api/oauth/clients", body: #"{"name":"CI","redirect_uri":"http://127.0.0.1:9/cb"}"#)
            let clientSecret = try #require(client.json["client_secret"].string, "\(client.text)")

            _ = call("operation log", try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=50"))

            let database = try await StoredText.everything(app.store.sql)
            let files = StoredText.files(under: app.scratch.deletingLastPathComponent())
            #expect(StoredText.leaked(["key=*** deploy=***"], in: files).count == 1, "the task log is on disk")
            let all = Self.secrets + [clientSecret]
            #expect(StoredText.leaked(all, in: database) == [], "stored in plaintext (\(kind))")
            #expect(StoredText.leaked(all, in: files) == [], "in a file under the data directory")
            for secret in all {
                for response in responses where response.text.contains(secret) {
                    Issue.record("\(secret) returned by \(response.what)")
                }
            }
        }
    }

    /// The built binary at trace level: its own output and every file of its data directory
    /// (database, WAL, task logs) are free of the secrets a task used.
    @Test func serverOutputAndDataDirectoryHoldNoSecret() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-secrets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDir) }
        let server = try ServerProcess(["serve", "--port", "0", "--data-dir", dataDir.path], environment: ["SLIPWAY_LOG_LEVEL": "trace"])
        let token = String(try await server.waitFor("SLIPWAY_ADMIN_TOKEN=[A-Za-z0-9_-]+").dropFirst("SLIPWAY_ADMIN_TOKEN=".count))
        let base = String(try await server.waitFor("listening on http://127.0.0.1:[0-9]+").dropFirst("listening on ".count))
        _ = try await http(
            "POST", "\(base)/openapi/projects/project", token: token,
            body: """
                {"project_name":"Demo","project_key":"demo","is_public":false,"project_type":"yaml"}
                """)
        let job = Harness.shellJob(
            "use", "echo key=$API_KEY",
            envs: #"[{"key":"API_KEY","value":"BIN-ENV-secret-6","type":"string","is_credential":true}]"#)
        let created = try await http(
            "POST", "\(base)/api/aslan/workflow/v4", token: token,
            body: """
                {"name":"bin-flow","display_name":"bin","project":"demo","concurrency_limit":-1,"params":[],
                 "stages":[\(Harness.stage("s", jobs: [job]))]}
                """)
        #expect(created.status == 200, "\(created.body)")
        _ = try await http(
            "POST", "\(base)/api/aslan/system/dbinstance", token: token,
            body: """
                {"name":"pg","type":"postgresql","host":"127.0.0.1","port":5432,"username":"app","password":"BIN-DB-secret-7","database":"app"}
                """)
        let run = try await http(
            "POST", "\(base)/openapi/workflows/custom/task", token: token,
            body: """
                {"project_key":"demo","workflow_key":"bin-flow","parameters":[],"inputs":[]}
                """)
        let id = try #require(JSON(run.body)["task_id"].int, "\(run.body)")
        let deadline = Date().addingTimeInterval(30)
        var status = ""
        while Date() < deadline, !Harness.finished(status) {
            try await Task.sleep(for: .milliseconds(100))
            let detail = try await httpGet("\(base)/openapi/workflows/custom/task?taskId=\(id)&workflowKey=bin-flow", token: token)
            status = JSON(detail.body)["status"].string ?? ""
        }
        #expect(status == "passed")
        let log = try await httpGet("\(base)/openapi/logs/log/v4/workflow/bin-flow/\(id)/use", token: token)
        #expect(log.body.contains("key=***"), "\(log.body)")
        server.signal(SIGTERM)
        #expect(try await server.waitForExit(seconds: 15))

        let files = StoredText.files(under: dataDir)
        #expect(StoredText.leaked(["key=***"], in: files).count == 1, "the task log is in the data directory")
        let secrets = ["BIN-ENV-secret-6", "BIN-DB-secret-7"]
        #expect(StoredText.leaked(secrets, in: server.text) == [], "in the server's output")
        #expect(StoredText.leaked(secrets, in: files) == [], "in the data directory")
    }
}
