import Foundation
import SlipwayCore
import Testing
import Yams

@testable import SlipwayStore

/// Issue 9 point 10: request bodies reach the operation log without their credential values.
@Suite struct RequestBodyRedactionTests {
    @Test func jsonCredentialFieldsAreMasked() {
        let body = """
            {"name":"pg","type":"postgresql","host":"db.local","username":"app","password":"pw-plain-1",
             "dsn_url":"postgres://app:pw-url-2@db.local/app",
             "trigger_spec":{"github":{"secret":"hook-plain-3","events":[{"eventName":"push"}]}},
             "secrets":{"GIT_TOKEN":"git-plain-4"},"client_secret":"client-plain-5",
             "params":[{"name":"token","value":"param-plain-6","default":"param-default-7","is_credential":true},
                       {"name":"greeting","value":"hello","is_credential":false}],
             "inputs":[{"kv":[{"key":"DB_PASSWORD","value":"kv-plain-8"},{"key":"REGION","value":"eu"}]}],
             "nested":[[{"private_key":"-----BEGIN KEY-----plain-9"}]]}
            """
        let stored = RequestBodyRedactor.redact(body, bodyType: "json")
        for plain in [
            "pw-plain-1", "pw-url-2", "hook-plain-3", "git-plain-4", "client-plain-5", "param-plain-6",
            "param-default-7", "kv-plain-8", "plain-9",
        ] {
            #expect(!stored.contains(plain), "\(plain) leaked: \(stored)")
        }
        let json = JSON(stored)
        #expect(json["password"].string == "***")
        #expect(json["host"].string == "db.local", "what is not a credential stays")
        #expect(json["dsn_url"].string == "postgres://app:***@db.local/app")
        #expect(json["trigger_spec"]["github"]["events"][0]["eventName"].string == "push")
        #expect(json["params"][0]["value"].string == "***")
        #expect(json["params"][1]["value"].string == "hello")
        #expect(json["inputs"][0]["kv"][1]["value"].string == "eu")
    }

    /// Every spelling of the secret flag our APIs take (Zadig's `is_credential`, team CI templates'
    /// `sensitive`, CODING's `Sensitive` read in any case…) hides every value member of its object.
    @Test func everySpellingOfTheSecretFlagHidesTheValues() {
        let flags = [
            "is_credential", "isCredential", "IsCredential", "sensitive", "Sensitive", "SENSITIVE", "is_sensitive",
            "isSensitive", "IsSensitive", "is_secret", "isSecret", "IsSecret",
        ]
        let values = ["value", "Value", "VALUE", "default", "Default", "defaultValue", "DefaultValue", "default_value"]
        let members = values.enumerated().map { #""\#($1)":"flag-secret-\#($0)""# }.joined(separator: ",")
        for flag in flags {
            for truth in ["true", "1", #""true""#, #""True""#, #""1""#] {
                let body = #"{"EnvList":[{"Name":"PLAIN_NAME","\#(flag)":\#(truth),\#(members)}]}"#
                let stored = RequestBodyRedactor.redact(body, bodyType: "json")
                #expect(!stored.contains("flag-secret"), "\(flag): \(truth) leaked: \(stored)")
                let variable = JSON(stored)["EnvList"][0]
                #expect(variable["Name"].string == "PLAIN_NAME" && variable["Value"].string == "***", "\(stored)")
            }
            for falsehood in ["false", "0", #""false""#, #""0""#, #""""#, "null"] {
                let body = #"{"EnvList":[{"Name":"PLAIN_NAME","\#(flag)":\#(falsehood),"Value":"kept-value"}]}"#
                #expect(RequestBodyRedactor.redact(body, bodyType: "json") == body, "\(flag): \(falsehood) hides nothing")
            }
        }
        let yaml = "EnvList:\n  - Name: PLAIN\n    Sensitive: true\n    Value: yaml-flag-secret\n"
        #expect(!RequestBodyRedactor.redact(yaml, bodyType: "yaml").contains("yaml-flag-secret"))
    }

    /// `Name`/`Key` count as `name`/`key` for the secret-looking-name rule and for the names of a
    /// workflow's credentials.
    @Test func capitalisedNamesCountForTheNameRules() throws {
        for nameKey in ["name", "Name", "key", "Key", "KEY"] {
            let body = #"{"ParamList":[{"\#(nameKey)":"DB_PASSWORD","Value":"named-secret","DefaultValue":"named-default"}]}"#
            let stored = RequestBodyRedactor.redact(body, bodyType: "json")
            #expect(StoredText.leaked(["named-secret", "named-default"], in: stored) == [], "\(stored)")
            #expect(JSON(stored)["ParamList"][0][nameKey].string == "DB_PASSWORD")
            let plain = #"{"ParamList":[{"\#(nameKey)":"REGION","Value":"eu"}]}"#
            #expect(RequestBodyRedactor.redact(plain, bodyType: "json") == plain)
            let given = #"{"ParamList":[{"\#(nameKey)":"DEPLOY_TARGET","Value":"given-secret"}]}"#
            #expect(!RequestBodyRedactor.redact(given, bodyType: "json", credentialNames: ["DEPLOY_TARGET"]).contains("given-secret"))
        }
        let spec = try JSONDecoder().decode(
            JSONValue.self,
            from: Data(
                """
                {"envs":[{"Key":"A","IsSensitive":true},{"name":"B","sensitive":"true"},{"key":"C","is_credential":true},
                 {"Name":"D","Sensitive":true},{"Name":"E","Sensitive":false},{"key":"F"}]}
                """.utf8))
        #expect(CredentialFields.names(in: spec) == ["A", "B", "C", "D"])
    }

    @Test func bodiesWithoutSecretsAreKeptAsSent() {
        let body = #"{"project_name":"Logged",  "project_key":"logged"}"#
        #expect(RequestBodyRedactor.redact(body, bodyType: "json") == body)
        let yaml = "name: demo\nstages: []\n"
        #expect(RequestBodyRedactor.redact(yaml, bodyType: "yaml") == yaml)
    }

    @Test func yamlWorkflowDefinitionsAreRedacted() throws {
        let yaml = """
            name: secret-wf
            project: demo
            params:
              - name: deploy_token
                type: string
                default: yaml-param-secret
                is_credential: true
            stages:
              - name: only
                jobs:
                  - name: hello
                    type: freestyle
                    spec:
                      properties:
                        envs:
                          - key: API_KEY
                            value: yaml-env-secret
                            type: string
                            is_credential: true
                          - key: MODE
                            value: fast
                      steps:
                        - name: shell
                          type: shell
                          spec:
                            script: echo hi
            """
        let stored = RequestBodyRedactor.redact(yaml, bodyType: "yaml")
        #expect(!stored.contains("yaml-param-secret"))
        #expect(!stored.contains("yaml-env-secret"))
        let parsed = try #require(try Yams.load(yaml: stored) as? [String: Any])
        #expect(parsed["name"] as? String == "secret-wf")
        let stages = try #require(parsed["stages"] as? [[String: Any]])
        let job = try #require((stages.first?["jobs"] as? [[String: Any]])?.first)
        let envs = try #require(((job["spec"] as? [String: Any])?["properties"] as? [String: Any])?["envs"] as? [[String: Any]])
        #expect(envs.first?["value"] as? String == "***")
        #expect(envs.last?["value"] as? String == "fast")
    }

    @Test func whatCannotBeRedactedIsNotStored() {
        let cases: [(String, String)] = [
            (#"{"password":"broken-json-secret""#, "json"),
            ("password=form-secret&user=x", "yaml"),
            (String(repeating: "[", count: 500) + "\"deep-secret\"" + String(repeating: "]", count: 500), "json"),
            (String(repeating: "- ", count: 100) + "deep-yaml-secret", "yaml"),
        ]
        for (body, type) in cases {
            let stored = RequestBodyRedactor.redact(body, bodyType: type)
            #expect(stored.hasPrefix("[request body not stored:"), "\(stored)")
            #expect(!stored.contains("secret"))
        }
        // A small YAML text whose aliases expand to a billion nodes is summarised, quickly.
        var lines = ["a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
        for level in 1..<9 {
            let previous = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]")
        }
        lines.append("password: laughs-secret")
        let started = ContinuousClock.now
        let stored = RequestBodyRedactor.redact(lines.joined(separator: "\n"), bodyType: "yaml")
        #expect(!stored.contains("laughs-secret"))
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test(arguments: StoreKind.enabled)
    func operationLogStoresRedactedBodies(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.call(
                .post, "/api/aslan/system/dbinstance",
                body: """
                    {"name":"pg","type":"postgresql","host":"127.0.0.1","port":5432,"username":"u","password":"oplog-db-secret","database":"d"}
                    """)
            try await app.makeWorkflow(
                "cred", params: #"[{"name":"tok","type":"string","default":"oplog-param-secret","is_credential":true}]"#,
                stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "echo hi")])])
            let yaml = """
                name: cred
                display_name: cred
                project: demo
                concurrency_limit: -1
                stages:
                  - name: s
                    jobs:
                      - name: j
                        type: freestyle
                        spec:
                          properties:
                            envs:
                              - key: TOKEN
                                value: oplog-yaml-secret
                                is_credential: true
                          steps:
                            - name: shell
                              type: shell
                              spec:
                                script: echo hi
                """
            let updated = try await app.call(.put, "/api/aslan/workflow/v4/cred?projectName=demo", body: yaml)
            #expect(updated.status == .ok, "\(updated.text)")
            let logs = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=20")
            #expect((logs.json["total"].int ?? 0) >= 4)
            for secret in ["oplog-db-secret", "oplog-param-secret", "oplog-yaml-secret"] {
                #expect(!logs.text.contains(secret), "\(secret) in the operation log")
            }
            #expect(logs.json["operation_logs"][0]["body_type"].string == "yaml")
            #expect(logs.json["operation_logs"][0]["request_body"].string?.contains("***") == true)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func runRequestsHideTheValuesOfTheWorkflowsCredentials(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let envs = #"[{"key":"TARGET_PASS","value":"","type":"string","is_credential":true}]"#
            try await app.makeWorkflow(
                "runcred", params: #"[{"name":"deploy_target","type":"string","is_credential":true}]"#,
                stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "echo hi", envs: envs)])])
            let id = try await app.run(
                "runcred", parameters: #"[{"name":"deploy_target","value":"run-param-secret"}]"#,
                inputs: """
                    [{"job_name":"j","job_type":"freestyle","parameters":{"kv":[{"key":"TARGET_PASS","value":"run-env-secret"}]}}]
                    """)
            #expect(try await app.waitFor("runcred", id)["status"].string == "passed")
            let logs = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=20")
            let run = try #require(
                logs.json["operation_logs"].array.first {
                    $0["request_body"].string?.contains("runcred") == true
                        && $0["request_body"].string?.contains("parameters") == true
                })
            let body = JSON(run["request_body"].string ?? "")
            #expect(body["parameters"][0]["value"].string == "***")
            #expect(body["inputs"][0]["parameters"]["kv"][0]["value"].string == "***")
            #expect(StoredText.leaked(["run-param-secret", "run-env-secret"], in: logs.text) == [])
        }
    }
}
