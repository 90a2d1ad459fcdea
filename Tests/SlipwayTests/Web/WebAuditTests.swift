import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// A page action's operation-log entry never holds a credential parameter's value.
@Suite struct WebAuditTests {
    @Test(arguments: StoreKind.enabled)
    func aCredentialSetThroughTheRunFormIsRedactedInTheOperationLog(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            try await WebPageTests.makeProject(app)
            let reply = try await app.call(
                .post, "/api/aslan/workflow/v4",
                body: """
                    {"name":"vault","display_name":"vault","project":"demo","concurrency_limit":-1,
                     "params":[{"name":"release_code","type":"string","value":"","is_credential":true},
                               {"name":"who","type":"string","value":"world"}],
                     "stages":[\(Harness.stage("build", jobs: [Harness.shellJob("hello", "echo hello")]))]}
                    """)
            #expect(reply.status == .ok, "\(reply.text)")
            var browser = try await app.adminBrowser()
            _ = try await browser.get("/ui/projects/demo/workflows/vault")
            let started = try await browser.post(
                "/ui/projects/demo/workflows/vault/run", [("param.release_code", "s3cr3t-web-value"), ("param.who", "visible-value")])
            #expect(started.status == .seeOther, "\(started.text)")
            _ = try await app.waitFor("vault", 1)
            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.method == "Web" }
            #expect(logs.count == 1)
            #expect(logs.allSatisfy { !$0.requestBody.contains("s3cr3t-web-value") }, "\(logs.map(\.requestBody))")
            #expect(logs.contains { $0.requestBody.contains("visible-value") }, "\(logs.map(\.requestBody))")
        }
    }
}
