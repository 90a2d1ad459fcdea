import Foundation
import SlipwayCore
import SlipwayEngine
import SlipwayTriggers
import Testing

/// Issue 11.3: the inbox dispatches over a registry of trigger targets; Serverless Devs
/// applications are one target among others.
@Suite(.serialized) struct TriggerTargetRegistryTests {
    static let spec = #"{"coding":{"events":[{"eventName":"push","filter":"body.ref in [\"refs/heads/main\"]"}]}}"#

    /// A real push reaches the Serverless Devs application and a second registered target: both
    /// act, and the one stored delivery records both decisions. A depot only the second target
    /// watches is acted on too, not ignored as "no application".
    @Test(arguments: TriggerStoreKind.enabled) func pushReachesEveryTarget(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind, live: true) { h in
            let depot = try await h.makeDepot(project: "nt", name: "svc")
            let lonely = try await h.makeDepot(project: "nt", name: "lib")
            let log = FiringLog()
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"nt","repo_url":"http://x/nt/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":\(Self.spec)}
                """)
            let app = try #require(created.json["data"]["id"].string.flatMap(Int64.init), "\(created.text)")
            h.inbox.targets.register(RecordingTarget(depotID: depot.id, provider: "github", repository: "acme/lib", secret: "s", log: log))
            h.inbox.targets.register(RecordingTarget(depotID: lonely.id, provider: "-", repository: "-", secret: "", log: log))
            try await withScratch { dir in
                try await runGit(["init", "-q", "-b", "main", dir], in: "/")
                try "steps:\n  - run: echo deployed\n".write(toFile: dir + "/serverless-pipeline.yaml", atomically: true, encoding: .utf8)
                try await runGit(["add", "."], in: dir)
                try await runGit(["commit", "-q", "-m", "pipeline"], in: dir)
                try await runGit(["push", "-q", try h.cloneURL(depot), "main"], in: dir)
                let commit = try await h.repository(depot).resolveCommit("refs/heads/main")
                #expect(try await h.waitForTask(app, 1).status == .passed)
                let entries = await log.entries
                #expect(entries.count == 1)
                #expect(entries.first?.provider == "internal")
                #expect(entries.first?.ref == "refs/heads/main")
                #expect(entries.first?.commit == commit)
                let deliveries = try await h.store.deliveries.list(provider: "internal", limit: 10)
                let delivery = try #require(deliveries.first)
                #expect(entries.first?.deliveryRow == delivery.id)
                #expect(delivery.taskRef == "\(app)-1,rec-1", "\(delivery.decision)")
                #expect(delivery.decision == "matched app \(app) → task \(app)-1; matched recorder → task rec-1")

                try await runGit(["push", "-q", try h.cloneURL(lonely), "main"], in: dir)
                let second = try #require(try await h.store.deliveries.list(provider: "internal", limit: 10).first)
                #expect(second.decision == "matched recorder → task rec-2")
                #expect(await log.entries.last?.commit == commit)
            }
            await h.engine.waitUntilIdle()
            #expect(try await h.tasks(app).count == 1)
        }
    }

    /// Provider deliveries: whether anyone wants the repository and which secret verifies the
    /// signature are questions to the registry. A repository only the second target watches is
    /// accepted; a bad signature for its secret is refused, counted, and not stored.
    @Test(arguments: TriggerStoreKind.enabled) func providerDeliveriesAskTheRegistry(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            let log = FiringLog()
            let body = #"{"ref":"refs/heads/main","after":"abc123","repository":{"id":7,"full_name":"acme/lib"}}"#
            var headers = WebhookSignature.githubHeaders(body: Array(body.utf8), secret: "lib-secret")
            headers["x-github-event"] = "push"
            headers["x-github-delivery"] = "lib-1"
            let before = try await h.call(.post, "/api/webhook/github", body: body, headers: headers)
            #expect(before.status == .notFound, "no target wants acme/lib yet: \(before.text)")

            h.inbox.targets.register(RecordingTarget(depotID: -1, provider: "github", repository: "acme/lib", secret: "lib-secret", log: log))
            let accepted = try await h.call(.post, "/api/webhook/github", body: body, headers: headers)
            #expect(accepted.status == .ok, "\(accepted.text)")
            #expect(accepted.json["data"]["tasks"] == .array([.string("rec-1")]))
            #expect(
                await log.entries == [
                    FiringLog.Entry(
                        provider: "github", ref: "refs/heads/main", commit: "abc123",
                        deliveryRow: Int64(accepted.json["data"]["delivery"].string ?? "") ?? 0)
                ])

            headers["x-hub-signature-256"] = "sha256=00"
            headers["x-github-delivery"] = "lib-2"
            let forged = try await h.call(.post, "/api/webhook/github", body: body, headers: headers)
            #expect(forged.status == .unauthorized)
            #expect(await log.entries.count == 1)
            #expect(try await h.store.webhookRefusals.count(.badSignature) == 1)
            #expect(try await h.store.webhookRefusals.count(.noApplication) == 1)
            #expect(try await h.store.deliveries.list(provider: "github", limit: 10).count == 1)
        }
    }
}
