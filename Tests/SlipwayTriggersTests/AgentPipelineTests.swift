import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

/// A Serverless Devs pipeline asks for agents with a top-level `runs-on` (issue 13.2), through
/// the Serverless Devs API on both stores: on a server that runs no agents its steps fail with
/// the reason naming the labels, never running on the server instead.
@Suite struct AgentPipelineTests {
    @Test(arguments: TriggerStoreKind.enabled) func aPipelineWithRunsOnGoesToAnAgent(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            let depot = try await h.makeDepot(project: "remote", name: "svc")
            _ = try await h.commit(
                depot, branch: "main",
                files: [
                    "serverless-pipeline.yaml": """
                    runs-on: [gpu, big]
                    steps:
                      - name: remote
                        run: echo ran-on-the-server
                    """
                ])
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"remote","repo_url":"http://x/remote/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                """)
            let app = try #require(created.json["data"]["id"].string.flatMap(Int64.init), "\(created.text)")
            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            let task = try await h.waitForTask(app, 1)
            let log = try await logText(h, app, 1)
            #expect(task.status == .failed, "\(log)")
            let reason = "asks for agent labels gpu,big, but this server runs no agents"
            #expect(task.stages.flatMap(\.jobs).contains { $0.error.contains(reason) || $0.outputs.values.contains { $0.contains(reason) } }, "\(task)")
            #expect(!log.contains("ran-on-the-server"), "\(log)")
        }
    }
}
