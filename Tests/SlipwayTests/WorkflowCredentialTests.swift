import Foundation
import Testing

/// Issue 9.4: credential envs, inputs and params never leave the server in plaintext through the
/// workflow detail, and an update that sends the mask back keeps the stored value.
@Suite struct WorkflowCredentialTests {
    @Test(arguments: StoreKind.enabled)
    func detailMasksCredentialsAndUpdateKeepsThem(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let dir = app.scratch.path
            let secret = "s3cr3t-\(UUID().uuidString.prefix(8))"
            let pluginSecret = "pl-\(UUID().uuidString.prefix(8))"
            let envs =
                #"[{"key":"TOKEN","value":"\#(secret)","type":"string","is_credential":true},{"key":"PLAIN","value":"visible","type":"string","is_credential":false}]"#
            let plugin = #"""
                {"name":"plug","type":"plugin","spec":{"plugin":{"name":"p","version":"1","cmds":["true"],"args":[],"envs":[],
                 "inputs":[{"name":"key","value":"\#(pluginSecret)","is_credential":true}],"outputs":[]}}}
                """#
            try await app.makeWorkflow(
                "creds", params: #"[{"name":"pw","type":"string","value":"param-secret-1","is_credential":true}]"#,
                stages: [
                    Harness.stage(
                        "s",
                        jobs: [
                            Harness.shellJob("use", "printf %s \"$TOKEN\" > \(dir)/token", envs: envs), plugin,
                        ])
                ])
            let reader = try await app.makeMember("reader")
            let detail = try await app.call(.get, "/openapi/workflows/custom/creds/detail?projectKey=demo", as: reader)
            #expect(detail.status == .ok)
            #expect(!detail.text.contains(secret), "job credential env in plaintext: \(detail.text)")
            #expect(!detail.text.contains(pluginSecret), "plugin credential input in plaintext")
            #expect(!detail.text.contains("param-secret-1"), "credential param in plaintext")
            let jobEnvs = detail.json["stages"][0]["jobs"][0]["spec"]["properties"]["envs"].array
            #expect(jobEnvs.first { $0["key"].string == "TOKEN" }?["value"].string == "***")
            #expect(jobEnvs.first { $0["key"].string == "PLAIN" }?["value"].string == "visible")

            // Send the detail back as an update (the mask included): the stored values stay.
            var body = try #require(try JSONSerialization.jsonObject(with: Data(detail.text.utf8)) as? [String: Any])
            body["name"] = "creds"
            body["display_name"] = "creds again"
            body["project"] = "demo"
            let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            let updated = try await app.call(.put, "/api/aslan/workflow/v4/creds?projectName=demo", body: text)
            #expect(updated.status == .ok, "update: \(updated.text)")
            let stored = try #require(try await app.store.workflows.get(key: "creds"))
            #expect(stored.params.first?.value == "param-secret-1")
            #expect(String(describing: stored.stages).contains(secret))
            #expect(String(describing: stored.stages).contains(pluginSecret))
            let id = try await app.run("creds")
            #expect(try await app.waitFor("creds", id)["status"].string == "passed")
            #expect(try String(contentsOfFile: "\(dir)/token", encoding: .utf8) == secret, "the job still gets the real value")
        }
    }
}
