import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTriggers
import Testing

/// `plugin:` steps: plugins registered on the server, with inputs, run on the engine.
@Suite(.serialized) struct PluginStepTests {
    static let manifest = #"""
        name: "@acme/greet"
        version: "1.2.0"
        description: Say something
        inputs:
          greeting: { required: true, description: what to say }
          target: { default: world }
          token: {}
        run: |
          echo "$INPUT_GREETING, ${{ inputs.target }} (token $INPUT_TOKEN)"
          echo "said=yes" >> "$SLIPWAY_STEP_OUTPUTS"
        """#

    func register(_ h: TriggerHarness, _ manifest: String, token: String? = nil) async throws -> Reply {
        let body = String(decoding: try JSONEncoder().encode(["manifest": manifest]), as: UTF8.self)
        return try await h.api(.post, "/api/flow/plugin/register", body, token: token)
    }

    @Test(arguments: TriggerStoreKind.enabled) func pluginStepRuns(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            let registered = try await register(h, Self.manifest)
            #expect(registered.status == .ok, "\(registered.text)")
            #expect(registered.json["data"]["version"].string == "1.2.0")
            let list = try await h.api(.get, "/api/flow/plugin/list")
            #expect(list.json["data"].array.map { $0["name"].string } == ["@acme/greet"])
            #expect(list.json["data"].array.first?["inputs"].array.first { $0["name"] == .string("greeting") }?["required"] == .bool(true))

            // Only administrators register plugins.
            let user = User(uid: UUID().uuidString, account: "dev", name: "Dev", email: "dev@example.com")
            try await h.store.users.create(user)
            let devToken = try await h.store.tokens.issue(userUID: user.uid, name: "t").secret
            let denied = try await register(h, Self.manifest, token: devToken)
            #expect(denied.status == .forbidden)
            #expect(denied.json["success"] == .bool(false))
            let broken = try await register(h, "name: Bad Name\nrun: x\n")
            #expect(broken.status == .badRequest, "\(broken.text)")

            let depot = try await h.makeDepot(project: "plug", name: "svc")
            _ = try await h.commit(
                depot, branch: "main",
                files: [
                    "serverless-pipeline.yaml": """
                    steps:
                      - id: greet
                        plugin: "@acme/greet@1.2.0"
                        inputs:
                          greeting: hi ${{ git.branch }}
                          token: ${{ secrets.TOKEN }}
                      - run: echo "plugin said ${{ steps.greet.outputs.said }} status ${{ steps.greet.status }}"
                    """
                ])
            let app = try await createApp(h, project: "plug", depot: "svc")
            let dispatched = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            #expect(dispatched.status == .ok, "\(dispatched.text)")
            let task = try await h.waitForTask(app, 1)
            #expect(task.status == .passed, "\(task.stages.first?.jobs.first?.error ?? "")")
            let log = try await logText(h, app, 1)
            #expect(log.contains("hi main, world (token ***)"), "\(log)")
            #expect(!log.contains("plugin-secret"))
            #expect(log.contains("plugin said yes status success"))

            // Re-registering (a new version) does not change what a dispatched task embedded.
            let detail = try await h.api(.get, "/api/flow/task/detail?taskId=\(app)-1")
            #expect(detail.json["data"]["steps"].array.first?["status"].string == "success", "\(detail.text)")
        }
    }

    /// A pipeline naming an unknown plugin, a wrong version, an undeclared or a missing input is
    /// refused at dispatch with a clear error, and starts nothing.
    @Test func badPluginStepsAreRefused() async throws {
        try await withTriggers { h in
            #expect(try await register(h, Self.manifest).status == .ok)
            let depot = try await h.makeDepot(project: "plug", name: "bad")
            let app = try await createApp(h, project: "plug", depot: "bad")
            let cases: [(String, String)] = [
                ("plugin: \"@acme/missing\"", "not registered"),
                ("plugin: \"@acme/greet@9.9.9\"\n    inputs: { greeting: x }", "registered: 1.2.0"),
                ("plugin: \"@acme/greet\"\n    inputs: { greeting: x, colour: red }", "no input colour"),
                ("plugin: \"@acme/greet\"", "input greeting is required"),
            ]
            for (step, message) in cases {
                _ = try await h.commit(depot, branch: "main", files: ["serverless-pipeline.yaml": "steps:\n  - \(step)\n"])
                let reply = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
                #expect(reply.status == .badRequest, "\(step): \(reply.text)")
                #expect(reply.json["message"].string?.contains(message) == true, "\(step): \(reply.text)")
            }
            #expect(try await h.tasks(app).isEmpty)

            let removed = try await h.api(.post, "/api/flow/plugin/remove", #"{"name":"@acme/greet"}"#)
            #expect(removed.status == .ok)
            #expect(try await h.api(.get, "/api/flow/plugin/list").json["data"].array.isEmpty)
            #expect(try await h.api(.post, "/api/flow/plugin/remove", #"{"name":"@acme/greet"}"#).status == .notFound)
        }
    }

    func createApp(_ h: TriggerHarness, project: String, depot: String) async throws -> Int64 {
        let reply = try await h.api(
            .post, "/api/flow/application/create",
            """
            {"repo":"\(depot)","owner":"\(project)","repo_url":"http://x/\(project)/\(depot).git","provider_repo_id":"0",
             "provider":"coding","trigger_spec":{"coding":{"events":[{"eventName":"push"}]}},"secrets":{"TOKEN":"plugin-secret"}}
            """)
        #expect(reply.status == .ok, "\(reply.text)")
        return try #require(reply.json["data"]["id"].string.flatMap(Int64.init))
    }
}
