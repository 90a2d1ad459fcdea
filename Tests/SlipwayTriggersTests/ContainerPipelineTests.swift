import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

/// Serverless Devs pipeline steps in an image (issue 13.1): a step with its own `image` runs in
/// that container, a step without one where the server runs steps; the checkout is shared.
@Suite(.enabled(if: TinyImage.available, Comment(rawValue: TinyImage.skipReason)))
struct ContainerPipelineTests {
    @Test func aStepWithAnImageRunsInItsContainer() async throws {
        let image = try await TinyImage.ensure()
        try await withTriggers { h in
            let depot = try await h.makeDepot(project: "boxes", name: "svc")
            _ = try await h.commit(
                depot, branch: "main",
                files: [
                    "version.txt": "9\n",
                    "serverless-pipeline.yaml": """
                    steps:
                      - run: echo "host-bash=$(ls /bin | grep -c '^bash$')"
                      - image: \(image)
                        run: |
                          echo "boxed-bash=$(ls /bin | grep -c '^bash$') version=$(cat version.txt) token=${{ secrets.TOKEN }}"
                    """,
                ])
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"boxes","repo_url":"http://x/boxes/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}},"secrets":{"TOKEN":"boxed-secret-value"}}
                """)
            let app = try #require(created.json["data"]["id"].string.flatMap(Int64.init), "\(created.text)")
            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            let task = try await h.waitForTask(app, 1, timeout: .seconds(120))
            let log = try await logText(h, app, 1)
            #expect(task.status == .passed, "\(log)")
            #expect(log.contains("host-bash=1"), "a step without an image runs on the server's executor: \(log)")
            #expect(log.contains("boxed-bash=0 version=9 token=***"), "the step ran in the image, on the checkout: \(log)")
            #expect(!log.contains("boxed-secret-value"))
        }
    }
}
