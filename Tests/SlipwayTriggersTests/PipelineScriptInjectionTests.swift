import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

/// `${{ … }}` values in a `run:` step reach the shell as data (issue 9, point 6 for Serverless
/// Devs): a commit message or branch name a pusher chose is never executed.
@Suite(.serialized) struct PipelineScriptInjectionTests {
    @Test func commitMessagesAreDataInRunSteps() async throws {
        try await withTriggers { h in
            let depot = try await h.makeDepot(project: "inj", name: "svc")
            let message = #"m"; echo PWNED1; echo "$(echo PWNED2)`echo PWNED3`'; echo PWNED4; '"#
            _ = try await h.commit(
                depot, branch: "main",
                files: [
                    "serverless-pipeline.yaml": """
                    steps:
                      - run: |
                          echo "quoted=${{ git.message }}"
                          echo unquoted=${{ git.message }}
                          echo 'single=${{ git.message }}'
                          echo 'template={{.State}}'
                    """
                ], message: message)
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"inj","repo_url":"http://x/inj/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}}}
                """)
            let app = try #require(created.json["data"]["id"].string.flatMap(Int64.init), "\(created.text)")
            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            let task = try await h.waitForTask(app, 1)
            let log = try await logText(h, app, 1)
            #expect(task.status == .passed, "\(log)")
            let lines = log.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            for marker in ["PWNED1", "PWNED2", "PWNED3", "PWNED4"] {
                #expect(!lines.contains(marker), "\(marker) ran: \(log)")
            }
            #expect(lines.contains("quoted=\(message)"), "\(log)")
            #expect(lines.contains("unquoted=\(message)"), "\(log)")
            #expect(lines.contains("single=\(message)"), "\(log)")
            #expect(lines.contains("template={{.State}}"), "\(log)")
        }
    }
}
