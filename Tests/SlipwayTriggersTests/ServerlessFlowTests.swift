import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTriggers
import Testing

let pipelineYAML = """
    env:
      GREETING: hello
    steps:
      - name: build
        id: build
        run: |
          echo "$GREETING from ${{ git.branch }} at ${{ git.commit }}"
          echo "token=${{ secrets.TOKEN }}"
          echo "version=1.2" >> "$SLIPWAY_STEP_OUTPUTS"
      - name: uses output
        run: echo "built ${{ steps.build.outputs.version }} status ${{ steps.build.status }}"
      - name: only on failure
        if: ${{ failure() }}
        run: echo never
    """

@Suite(.serialized) struct ServerlessFlowTests {
    func createApp(_ h: TriggerHarness, project: String, depot: String, spec: String, secrets: String = #"{"TOKEN":"super-secret-value"}"#) async throws
        -> Int64
    {
        let reply = try await h.api(
            .post, "/api/flow/application/create",
            """
            {"repo":"\(depot)","owner":"\(project)","repo_url":"http://x/\(project)/\(depot).git","provider_repo_id":"0",
             "provider":"coding","trigger_spec":\(spec),"secrets":\(secrets),"description":"d"}
            """)
        #expect(reply.status == .ok, "\(reply.text)")
        return try #require(reply.json["data"]["id"].string.flatMap(Int64.init))
    }

    static let mainOnly =
        #"{"coding":{"events":[{"eventName":"push","filter":"body.ref in [\"refs/heads/main\"]","template":"serverless-pipeline.yaml"}],"secret":"hook-secret"}}"#

    /// Create an app on a hosted repo, push main with the real git CLI: exactly one task runs the
    /// pipeline file; a push to another branch does not match; a replayed push starts nothing.
    @Test(arguments: TriggerStoreKind.enabled) func pushRunsPipeline(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind, live: true) { h in
            let depot = try await h.makeDepot(project: "shop", name: "web")
            let app = try await createApp(h, project: "shop", depot: "web", spec: Self.mainOnly)
            try await withScratch { dir in
                try await runGit(["init", "-q", "-b", "main", dir], in: "/")
                try pipelineYAML.write(toFile: dir + "/serverless-pipeline.yaml", atomically: true, encoding: .utf8)
                try await runGit(["add", "."], in: dir)
                try await runGit(["commit", "-q", "-m", "add pipeline"], in: dir)
                try await runGit(["push", "-q", try h.cloneURL(depot), "main"], in: dir)
                let first = try await h.waitForTask(app, 1)
                #expect(first.status == .passed, "\(first.stages.first?.jobs.first?.error ?? "")")
                let log = try await logText(h, app, 1)
                #expect(log.contains("hello from main at"))
                #expect(log.contains("built 1.2 status success"))
                #expect(!log.contains("super-secret-value"))
                #expect(log.contains("token=***"))
                #expect(!log.contains("never"))

                // Another branch: recorded, not matched.
                try await runGit(["push", "-q", try h.cloneURL(depot), "main:dev"], in: dir)
                let deliveries = try await h.store.deliveries.list(provider: "internal", limit: 10)
                #expect(deliveries.first?.decision.contains("filter false") == true, "\(deliveries.first?.decision ?? "")")

                // Redelivery of the main push: no second task.
                let mainDelivery = try #require(deliveries.first { $0.taskRef == "\(app)-1" })
                let replay = try await h.api(.post, "/api/webhook/deliveries/replay", #"{"id":"\#(mainDelivery.id)"}"#)
                #expect(replay.status == .ok, "\(replay.text)")
                #expect(replay.json["data"]["decision"].string?.contains("duplicate") == true, "\(replay.text)")
                await h.engine.waitUntilIdle()
                #expect(try await h.tasks(app).count == 1)

                let detail = try await h.api(.get, "/api/flow/application/detail?id=\(app)")
                #expect(detail.json["data"]["latest_task"]["status"].string == "success")
                #expect(detail.json["data"]["latest_task"]["ref"].string == "refs/heads/main")
                #expect(!detail.text.contains("super-secret-value"))
                #expect(!detail.text.contains("hook-secret"))
                let list = try await h.api(.get, "/api/flow/application/list")
                #expect(list.json["data"].array.count == 1)
            }
        }
    }

    /// Manual dispatch resolves the ref, redeploy rebuilds the old commit, cancel stops a running step.
    @Test func manualRedeployCancel() async throws {
        try await withTriggers { h in
            let depot = try await h.makeDepot(project: "ops", name: "api")
            let v1 = try await h.commit(
                depot, branch: "main",
                files: [
                    "serverless-pipeline.yaml": """
                    steps:
                      - run: echo "deploying $(cat version.txt) ref ${{ git.ref }} input ${{ inputs.region }}"
                    """, "version.txt": "v1",
                ])
            let app = try await createApp(h, project: "ops", depot: "api", spec: #"{"coding":{"events":[{"eventName":"push"}]}}"#)
            let first = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"refs/heads/main","inputs":{"region":"cn-hz"}}"#)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["data"]["commit"].string == v1)
            #expect(try await h.waitForTask(app, 1).status == .passed)
            #expect(try await logText(h, app, 1).contains("deploying v1 ref refs/heads/main input cn-hz"))

            let v2 = try await h.commit(depot, branch: "main", files: ["version.txt": "v2"])
            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"refs/heads/main"}"#)
            #expect(try await h.waitForTask(app, 2).status == .passed)
            #expect(try await logText(h, app, 2).contains("deploying v2"))
            #expect(v1 != v2)

            // Roll back: redeploy task 1 builds v1 again.
            let redeploy = try await h.api(.post, "/api/flow/dispatch/redeploy", #"{"taskId":"\#(app)-1"}"#)
            #expect(redeploy.json["data"]["taskId"].string == "\(app)-3", "\(redeploy.text)")
            #expect(try await h.waitForTask(app, 3).status == .passed)
            #expect(try await logText(h, app, 3).contains("deploying v1"))

            // A pinned commitId wins over the ref.
            let pinned = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"refs/heads/main","commitId":"\#(v1)"}"#)
            #expect(pinned.json["data"]["commit"].string == v1)
            _ = try await h.waitForTask(app, 4)

            // Cancel a running step.
            _ = try await h.commit(
                depot, branch: "main",
                files: [
                    "serverless-pipeline.yaml": """
                    steps:
                      - id: slow
                        run: echo started; sleep 60
                      - run: echo after
                    """
                ])
            _ = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"refs/heads/main"}"#)
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline, !(try await logText(h, app, 5)).contains("started") {
                try await Task.sleep(for: .milliseconds(100))
            }
            let started = ContinuousClock.now
            let cancel = try await h.api(.post, "/api/flow/dispatch/cancel", #"{"taskId":"\#(app)-5"}"#)
            #expect(cancel.status == .ok, "\(cancel.text)")
            let cancelled = try await h.waitForTask(app, 5)
            #expect(cancelled.status == .cancelled)
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(!(try await logText(h, app, 5)).split(separator: "\n").contains { $0.hasSuffix("] after") || $0 == "after" })
            let detail = try await h.api(.get, "/api/flow/task/detail?taskId=\(app)-5")
            #expect(detail.json["data"]["status"].string == "cancelled")
            let passed = try await h.api(.get, "/api/flow/task/detail?taskId=\(app)-1")
            #expect(passed.json["data"]["steps"].array.first?["status"].string == "success", "\(passed.text)")

            // Errors in the envelope.
            let missing = try await h.api(.post, "/api/flow/dispatch/manual", #"{"appId":"\#(app)","ref":"refs/heads/nope"}"#)
            #expect(missing.status == .notFound)
            #expect(missing.json["success"] == .bool(false))
            let anonymous = try await h.call(.get, "/api/flow/application/list")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.json["message"].string?.contains("cd_token") == true)
        }
    }

    /// N deliveries, ~10% redelivered and ~5% badly signed: exactly one task per good unique delivery,
    /// every bad signature rejected (401) and counted.
    @Test(arguments: TriggerStoreKind.enabled) func reliabilityMix(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            let depot = try await h.makeDepot(project: "rel", name: "svc")
            let commit = try await h.commit(depot, branch: "main", files: ["serverless-pipeline.yaml": "steps:\n  - run: 'true'\n"])
            let spec = #"{"coding":{"push":{"branches":{"include":["**"]}},"secret":"hook-secret"}}"#
            let app = try await createApp(h, project: "rel", depot: "svc", spec: spec, secrets: "{}")
            let count = ProcessInfo.processInfo.environment["SDEVS_RELIABILITY_N"].flatMap(Int.init) ?? 40
            let result = try await sendMix(h, depot: depot, commit: commit, count: count, secret: "hook-secret")
            await h.engine.waitUntilIdle()
            let tasks = try await h.tasks(app)
            #expect(tasks.count == result.expectedTasks)
            #expect(result.rejected == result.bad)
            // Forged deliveries are counted, never stored.
            #expect(try await h.store.webhookRefusals.count(.badSignature) == result.bad)
            #expect(try await h.store.deliveries.count(signatureStatus: "invalid") == 0)
            let dispatches = try await h.store.serverlessApps.dispatches(appID: app)
            #expect(Set(dispatches.map(\.ref)).count == dispatches.count)
        }
    }

    /// GitHub deliveries to an external repository: signature and filter decisions are recorded.
    @Test func githubDeliveries() async throws {
        try await withTriggers { h in
            let spec = #"{"github":{"events":[{"eventName":"push","filter":"body.ref in [\"refs/heads/main\"]"}],"secret":"gh"}}"#
            let reply = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"app","owner":"acme","repo_url":"https://github.com/acme/app.git","provider_repo_id":"42","provider":"github","trigger_spec":\(spec)}
                """)
            #expect(reply.status == .ok, "\(reply.text)")
            let bad = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"app","owner":"acme","repo_url":"u","provider_repo_id":"42","provider":"github","trigger_spec":{"github":{"events":[{"eventName":"push","filter":"body.ref in ["}]}}}
                """)
            #expect(bad.status == .badRequest)
            let body = #"{"ref":"refs/heads/dev","after":"abc","repository":{"id":42,"full_name":"acme/app"}}"#
            var headers = WebhookSignature.githubHeaders(body: Array(body.utf8), secret: "gh")
            headers["x-github-event"] = "push"
            headers["x-github-delivery"] = "d-1"
            let ok = try await h.call(.post, "/api/webhook/github", body: body, headers: headers)
            #expect(ok.status == .ok)
            #expect(ok.json["data"]["decision"].string?.contains("filter false") == true, "\(ok.text)")
            headers["x-hub-signature-256"] = "sha256=00"
            let forged = try await h.call(.post, "/api/webhook/github", body: body, headers: headers)
            #expect(forged.status == .unauthorized)
            let history = try await h.api(.get, "/api/webhook/deliveries?provider=github")
            let rows = history.json["data"].array
            #expect(rows.count == 1, "the forged delivery is not stored")
            #expect(rows.first?["signature_status"].string == "valid")
            #expect(!history.text.contains("sha256="))
            #expect(try await h.store.webhookRefusals.count(.badSignature) == 1)
            let unknown = try await h.call(.post, "/api/webhook/bitbucket", body: body)
            #expect(unknown.status == .badRequest)
        }
    }
}

struct MixResult { var expectedTasks = 0; var bad = 0; var rejected = 0 }

/// Sends `count` CODING deliveries (one per branch name) with redeliveries and forged signatures mixed in.
func sendMix(_ h: TriggerHarness, depot: Depot, commit: String, count: Int, secret: String) async throws -> MixResult {
    var rng = SplitMix64(seed: 42)
    var result = MixResult()
    var sent: [(String, [String: String])] = []
    for i in 0..<count {
        let roll = rng.next() % 100
        if roll < 10, let previous = sent.randomElement(using: &rng) {
            _ = try await h.call(.post, "/api/webhook/coding", body: previous.0, headers: previous.1)
            continue
        }
        let body = #"{"ref":"refs/heads/b\#(i)","after":"\#(commit)","repository":{"id":\#(depot.id),"full_name":"\#(depot.projectKey)/\#(depot.name)"}}"#
        var headers = ["x-coding-event": "GIT_PUSHED", "x-coding-delivery": "del-\(i)"]
        if roll < 15 {
            headers["x-coding-signature"] = "sha1=" + String(repeating: "0", count: 40)
            result.bad += 1
            let reply = try await h.call(.post, "/api/webhook/coding", body: body, headers: headers)
            if reply.status == .unauthorized { result.rejected += 1 }
            continue
        }
        headers["x-coding-signature"] = WebhookSignature.githubHeaders(body: Array(body.utf8), secret: secret)["x-hub-signature"]!
        _ = try await h.call(.post, "/api/webhook/coding", body: body, headers: headers)
        sent.append((body, headers))
        result.expectedTasks += 1
    }
    return result
}

extension SplitMix64: RandomNumberGenerator {}

func logText(_ h: TriggerHarness, _ app: Int64, _ task: Int) async throws -> String {
    h.engine.logs.fullText(LogKey(workflowKey: "sdevs-app-\(app)", taskID: task, jobName: "pipeline"))
}
