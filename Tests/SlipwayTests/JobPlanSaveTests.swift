import Foundation
import SlipwayCore
import Testing

/// Issue 11 point 4: a job spec is compiled into a typed plan when the workflow is saved; a bad
/// field is refused then, in the Zadig envelope, with the path of the field.
@Suite struct JobPlanSaveTests {
    /// A freestyle job whose shell step's script is an object, not text.
    static let badJob = #"""
        {"name":"build","type":"freestyle","spec":{"steps":[
          {"name":"ok","type":"shell","spec":{"script":"true"}},
          {"name":"bad","type":"shell","spec":{"script":{"not":"text"}}}]}}
        """#

    @Test(arguments: StoreKind.enabled)
    func aBadSpecIsRefusedAtCreateWithItsPath(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("demo")
            let reply = try await app.call(
                .post, "/api/aslan/workflow/v4",
                body: """
                    {"name":"broken","display_name":"broken","project":"demo","concurrency_limit":-1,"params":[],
                     "stages":[\(Harness.stage("one", jobs: [Harness.shellJob("first", "true")])),\(Harness.stage("two", jobs: [Self.badJob]))]}
                    """)
            #expect(reply.status == .badRequest, "\(reply.text)")
            for key in ["type", "message", "code", "description", "extra"] {
                #expect(reply.json[key] != .missing, "Zadig envelope field \(key): \(reply.text)")
            }
            #expect(reply.text.contains("stages[1].jobs[0].spec.steps[1].spec.script"), "the path of the bad field: \(reply.text)")
            #expect(try await app.store.workflows.get(key: "broken") == nil, "nothing stored")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func aBadSpecIsRefusedAtUpdateAndTheStoredOneIsKept(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await app.makeWorkflow("kept", stages: [Harness.stage("s", jobs: [Harness.shellJob("j", "echo original")])])
            let reply = try await app.call(
                .put, "/api/aslan/workflow/v4/kept",
                body: """
                    {"name":"kept","display_name":"kept","project":"demo","concurrency_limit":-1,"stages":[\(Harness.stage("s", jobs: [Self.badJob]))]}
                    """)
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.text.contains("stages[0].jobs[0].spec.steps[1].spec.script"), "\(reply.text)")
            let stored = try #require(try await app.store.workflows.get(key: "kept"))
            let plans = try stored.compiledPlans()
            guard case .freestyle(let plan) = plans[0][0].plan else {
                Issue.record("the stored job is still the original freestyle job")
                return
            }
            #expect(plan.steps.count == 1)
        }
    }
}
