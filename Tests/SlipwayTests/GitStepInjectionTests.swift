import Foundation
import Testing

/// A run-time parameter rendered into a `git` step's fields cannot pass for a git option
/// (`--upload-pack=…` would run a command) nor pick a command-running transport.
@Suite struct GitStepInjectionTests {
    @Test(arguments: StoreKind.enabled)
    func gitFieldsFromParametersAreNeverOptions(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let marker = app.scratch.appendingPathComponent("injected-\(UUID().uuidString)")
            let params = #"[{"name":"sha","type":"string","value":"main"},{"name":"where","type":"string","value":"file:///nonexistent"}]"#
            let job = """
                {"name":"checkout","type":"freestyle","spec":{"steps":[
                  {"name":"git","type":"git","spec":{"repos":[{"repo_name":"app","url":"{{.workflow.params.where}}","commit_id":"{{.workflow.params.sha}}"}]}}]}}
                """
            try await app.makeWorkflow("inject", params: params, stages: [Harness.stage("s", jobs: [job])])
            for (name, value) in [("sha", "--upload-pack=touch \(marker.path)"), ("where", "ext::sh -c touch% \(marker.path)")] {
                let id = try await app.run("inject", parameters: #"[{"name":"\#(name)","value":"\#(value)"}]"#)
                let done = try await app.waitFor("inject", id)
                #expect(done["status"].string == "failed", "\(done)")
            }
            #expect(!FileManager.default.fileExists(atPath: marker.path), "a parameter ran a command through git")
        }
    }
}
