import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

@testable import SlipwayEngine

/// Serverless Devs pipelines run sandboxed: the server checks the commit out into the workspace
/// first, so no step sees the repositories directory, and a step gets only the secrets it names.
@Suite(.serialized) struct SandboxedPipelineTests {
    @Test func stepsSeeTheirCheckoutButNotTheRepositoriesNorUndeclaredSecrets() async throws {
        try await withTriggers { h in
            let depot = try await h.makeDepot(project: "vault", name: "svc")
            let commit = try await h.commit(
                depot, branch: "main",
                files: [
                    "version.txt": "7\n",
                    "serverless-pipeline.yaml": """
                    steps:
                      - run: |
                          echo "token=${{ secrets.TOKEN }} version=$(cat version.txt) head=$(git rev-parse HEAD)"
                          if env | grep -q "other-secret-valu[e]"; then echo other-in-env; else echo other-absent; fi
                          if ls \(h.git.root) >/dev/null 2>&1; then echo repos-visible; else echo repos-hidden; fi
                          if git -C \(h.git.root)/slipway/vault/svc.git log >/dev/null 2>&1; then echo repo-readable; else echo repo-unreadable; fi
                    """,
                ])
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"vault","repo_url":"http://x/vault/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}]}},"secrets":{"TOKEN":"named-secret-value","OTHER":"other-secret-value"}}
                """)
            let app = try #require(created.json["data"]["id"].string.flatMap(Int64.init), "\(created.text)")
            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"main"}"#)
            let task = try await h.waitForTask(app, 1)
            let log = try await logText(h, app, 1)
            #expect(task.status == .passed, "\(log)")
            #expect(log.contains("token=*** version=7 head=\(commit)"), "\(log)")
            #expect(log.contains("other-absent"))
            #expect(log.contains("repos-hidden"))
            #expect(log.contains("repo-unreadable"))
            #expect(!log.contains("other-secret-value") && !log.contains("named-secret-value"))
        }
    }

    /// The server checks out only the task's own project's repositories (and mirrors for the
    /// external-repositories project), whatever a workflow's spec says.
    @Test func serverSideCheckoutIsScopedToTheProject() {
        let root = URL(fileURLWithPath: "/srv/slipway-data/git")
        let checkout = HostedCheckout(repositoriesDirectory: root)
        #expect(checkout.allows("/srv/slipway-data/git/slipway/shop/web.git", projectKey: "shop"))
        #expect(checkout.allows("file:///srv/slipway-data/git/slipway/shop/web.git", projectKey: "shop"))
        #expect(!checkout.allows("/srv/slipway-data/git/slipway/bank/vault.git", projectKey: "shop"))
        #expect(!checkout.allows("/srv/slipway-data/git/slipway/shop/../bank/vault.git", projectKey: "shop"))
        #expect(!checkout.allows("/srv/slipway-data/slipway.sqlite", projectKey: "shop"))
        #expect(!checkout.allows("/etc", projectKey: "shop"))
        #expect(checkout.allows("/srv/slipway-data/git/.slipway/mirrors/abc.git", projectKey: "serverless-devs"))
        #expect(!checkout.allows("/srv/slipway-data/git/.slipway/mirrors/abc.git", projectKey: "shop"))
        #expect(HostedCheckout.isLocal("/srv/x") && HostedCheckout.isLocal("file:///x") && !HostedCheckout.isLocal("https://h/x.git"))
    }
}
