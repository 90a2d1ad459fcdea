import Foundation
import SlipwayCore
import SlipwayEngine
import Testing

/// Plugin jobs ask for agents with `vm_labels` as freestyle jobs do (issue 13.2), through the
/// Zadig API on both stores: with no agent carrying the labels, the task waits with a
/// `pending_reason` naming them, and a cancel ends it.
@Suite struct AgentLabelsWorkflowTests {
    @Test(arguments: StoreKind.enabled)
    func aPluginJobWithLabelsWaitsForItsAgent(kind: StoreKind) async throws {
        try await withApp(kind, configure: { $0.agentBackend = AgentBackend(dispatcher: AgentDispatcher()) }) { app in
            let plugin = """
                {"name":"greet","type":"plugin","spec":{"properties":{"vm_labels":["gpu","big"]},
                 "plugin":{"name":"hello","version":"v1","cmds":["/bin/sh","-c"],"args":["echo never"]}}}
                """
            try await app.makeWorkflow("plugged", stages: [Harness.stage("s", jobs: [plugin])])
            let id = try await app.run("plugged")
            let waiting = try await app.waitFor("plugged", id) { !($0["pending_reason"].string ?? "").isEmpty }
            #expect(waiting["status"].string == "running", "\(waiting)")
            #expect(waiting["pending_reason"].string == "waiting for an agent with labels gpu,big")
            let cancel = try await app.call(.delete, "/openapi/workflows/custom/task?taskId=\(id)&workflowKey=plugged")
            #expect(cancel.status == .ok)
            let ended = try await app.waitFor("plugged", id)
            #expect(ended["status"].string == "cancelled")
            #expect(ended["pending_reason"].string == "")
        }
    }

    @Test func pluginLabelsAreDecodedAndKeptWhenRendered() throws {
        let spec = #"{"vm_labels":"linux, arm","plugin":{"name":"p","version":"v1","cmds":["true"]}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(spec.utf8))
        let plan = try JobPlan(type: .plugin, spec: value)
        #expect(plan.placement.labels == ["linux", "arm"])
        #expect(plan.mapTemplates(script: { $0 }, text: { $0 }).agentLabels == ["linux", "arm"])
        let bad = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"vm_labels":{"a":1},"plugin":{"cmds":["true"]}}"#.utf8))
        #expect(throws: JobPlanError(path: "spec.vm_labels", problem: "expected an array")) { try JobPlan(type: .plugin, spec: bad) }
    }

    @Test func aServerlessPipelineAsksForAgentsWithRunsOn() throws {
        func plan(_ file: String) throws(JobPlanError) -> JobPlan {
            try JobPlan(
                type: .serverlessPipeline,
                spec: .object(["repo_url": .string("/r"), "commit": .string("c"), "pipeline": .string(file)]))
        }
        #expect(try plan(#"{"runs-on":["linux","big"],"steps":[{"run":"true"}]}"#).placement.labels == ["linux", "big"])
        #expect(try plan(#"{"runs-on":"arm","steps":[{"run":"true"}]}"#).agentLabels == ["arm"])
        #expect(try plan(#"{"steps":[{"run":"true"}]}"#).agentLabels == [])
        #expect(throws: JobPlanError(path: "spec.pipeline.runs-on", problem: "expected an array")) {
            try plan(#"{"runs-on":{"a":1},"steps":[]}"#)
        }
    }
}
