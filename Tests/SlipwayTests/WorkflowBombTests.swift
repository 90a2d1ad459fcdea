import Foundation
import Testing

/// A YAML bomb posted as a workflow definition is refused in the Zadig envelope within
/// milliseconds, and nothing is stored (issue 9, point 7).
@Suite struct WorkflowBombTests {
    @Test(arguments: StoreKind.enabled) func workflowBombIsRefused(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            _ = try await app.makeProject("demo")
            var bomb = "name: bomb\nproject: demo\nstages: []\n"
            bomb += #"l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]"# + "\n"
            for level in 1...9 {
                bomb += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ",") + "]\n"
            }
            let clock = ContinuousClock()
            let start = clock.now
            let reply = try await app.call(.post, "/api/aslan/workflow/v4", body: bomb)
            // Expanded, the bomb is 10^9 nodes (minutes and gigabytes): refused long before that. The
            // bound is loose because a loaded 2-core CI machine can stall any request for a second.
            #expect(clock.now - start < .seconds(10))
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.json.keys.isSuperset(of: ["type", "message", "code", "description", "extra"]), "\(reply.text)")
            let deep = String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
            #expect(try await app.call(.post, "/api/aslan/workflow/v4", body: deep).status == .badRequest)
            let list = try await app.call(.get, "/openapi/workflows?projectKey=demo")
            #expect(!list.text.contains("bomb"), "\(list.text)")
        }
    }
}
