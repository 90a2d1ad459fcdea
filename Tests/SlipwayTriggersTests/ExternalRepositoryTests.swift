import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTriggers
import Testing

/// Applications on repositories not hosted as their depot: the server keeps a mirror, fetched
/// over HTTP with the real git client (here from a private depot of a live server, standing in
/// for GitHub), reads the pipeline file from it and deploys its commits.
@Suite(.serialized) struct ExternalRepositoryTests {
    @Test(arguments: TriggerStoreKind.enabled) func externalRepositoryDeploys(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind, live: true) { h in
            let depot = try await h.makeDepot(project: "ext", name: "lib")
            let v1 = try await h.commit(
                depot, branch: "main",
                files: [
                    "serverless-pipeline.yaml": "steps:\n  - run: echo \"deploying $(cat version.txt) from ${{ git.branch }}\"\n",
                    "version.txt": "v1",
                ])
            let url = try #require(h.baseURL) + "/slipway/ext/lib.git"
            let spec = #"{"github":{"events":[{"eventName":"push","filter":"body.ref in [\"refs/heads/main\"]"}],"secret":"gh"}}"#

            // Credentials in the URL and non-HTTP URLs are refused.
            for bad in ["file:///etc", "/srv/git/lib.git", "https://user:pw@example.com/a.git", "ext::sh -c id"] {
                let reply = try await h.api(
                    .post, "/api/flow/application/create",
                    """
                    {"repo":"lib","owner":"ext","repo_url":"\(bad)","provider_repo_id":"77","provider":"github","trigger_spec":\(spec)}
                    """)
                #expect(reply.status == .badRequest, "\(bad): \(reply.text)")
            }
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"lib","owner":"ext","repo_url":"\(url)","provider_repo_id":"77","provider":"github","trigger_spec":\(spec)}
                """)
            #expect(created.status == .ok, "\(created.text)")
            let app = try #require(created.json["data"]["id"].string.flatMap(Int64.init))

            // The repository is private: without a token the fetch fails with a clear error.
            let denied = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            #expect(denied.status == .badRequest, "\(denied.text)")
            #expect(denied.json["message"].string?.contains("cannot fetch") == true, "\(denied.text)")
            #expect(denied.json["message"].string?.contains(h.adminToken) == false)

            let updated = try await h.api(.post, "/api/flow/application/update", #"{"id":"\#(app)","secrets":{"GIT_TOKEN":"\#(h.adminToken)"}}"#)
            #expect(updated.status == .ok, "\(updated.text)")
            let manual = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            #expect(manual.status == .ok, "\(manual.text)")
            #expect(manual.json["data"]["commit"].string == v1)
            #expect(manual.json["data"]["ref"].string == "refs/heads/main")
            #expect(try await h.waitForTask(app, 1).status == .passed)
            #expect(try await logText(h, app, 1).contains("deploying v1 from main"))

            // A GitHub push delivery for a commit the mirror has not seen: fetched, then deployed.
            let v2 = try await h.commit(depot, branch: "main", files: ["version.txt": "v2"])
            let body =
                #"{"ref":"refs/heads/main","after":"\#(v2)","repository":{"id":77,"full_name":"ext/lib"},"pusher":{"name":"ada"},"head_commit":{"message":"v2"}}"#
            var headers = WebhookSignature.githubHeaders(body: Array(body.utf8), secret: "gh")
            headers["x-github-event"] = "push"
            headers["x-github-delivery"] = "ext-1"
            let delivered = try await h.call(.post, "/api/webhook/github", body: body, headers: headers)
            #expect(delivered.status == .ok, "\(delivered.text)")
            #expect(delivered.json["data"]["decision"].string?.contains("task \(app)-2") == true, "\(delivered.text)")
            #expect(try await h.waitForTask(app, 2).status == .passed)
            #expect(try await logText(h, app, 2).contains("deploying v2 from main"))

            // Redeploying task 1 rebuilds v1 from the mirror.
            let redeploy = try await h.api(.post, "/api/flow/dispatch/redeploy", #"{"taskId":"\#(app)-1"}"#)
            #expect(redeploy.json["data"]["commit"].string == v1, "\(redeploy.text)")
            #expect(try await h.waitForTask(app, 3).status == .passed)
            #expect(try await logText(h, app, 3).contains("deploying v1"))

            // An unknown commit is reported, not deployed.
            let unknown = try await h.api(
                .post, "/api/flow/dispatch/manual",
                #"{"appId":"\#(app)","ref":"main","commitId":"\#(String(repeating: "ab", count: 20))"}"#)
            #expect(unknown.status == .notFound, "\(unknown.text)")
            await h.engine.waitUntilIdle()
            #expect(try await h.tasks(app).count == 3)
        }
    }
}
