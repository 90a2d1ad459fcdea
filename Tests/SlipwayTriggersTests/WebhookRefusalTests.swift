import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

/// The webhook endpoint stores nothing it has not checked (issue 9, point 8): unknown providers,
/// oversized or non-JSON bodies, repositories no application deploys and bad signatures are
/// refused and only counted, by provider and reason.
@Suite(.serialized) struct WebhookRefusalTests {
    @Test(arguments: TriggerStoreKind.enabled) func refusedDeliveriesAreCountedNotStored(kind: TriggerStoreKind) async throws {
        try await withTriggers(kind) { h in
            // The filter never matches: the good delivery below is stored and decided, nothing is fetched.
            let spec = #"{"github":{"events":[{"eventName":"push","filter":"body.ref in [\"refs/heads/never\"]"}],"secret":"gh"}}"#
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"app","owner":"acme","repo_url":"https://example.com/acme/app.git","provider_repo_id":"42","provider":"github","trigger_spec":\(spec)}
                """)
            #expect(created.status == .ok, "\(created.text)")
            let padding = String(repeating: "p", count: 900 * 1024)
            let stranger = #"{"ref":"refs/heads/main","after":"abc","repository":{"id":7,"full_name":"evil/x"},"pad":"\#(padding)"}"#
            let ours = #"{"ref":"refs/heads/main","after":"abc","repository":{"id":42,"full_name":"acme/app"}}"#
            var forged = WebhookSignature.githubHeaders(body: Array(ours.utf8), secret: "wrong")
            forged["x-github-event"] = "push"

            for _ in 0..<3 {
                #expect(try await h.call(.post, "/api/webhook/anything", body: stranger).status == .badRequest)
                #expect(try await h.call(.post, "/api/webhook/github", body: stranger, headers: ["x-github-event": "push"]).status == .notFound)
                #expect(try await h.call(.post, "/api/webhook/github", body: "not json", headers: ["x-github-event": "push"]).status == .badRequest)
                #expect(try await h.call(.post, "/api/webhook/github", body: ours, headers: forged).status == .unauthorized)
            }
            let tooLarge = try await h.call(.post, "/api/webhook/github", body: String(repeating: "x", count: 2 * 1024 * 1024))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.json["success"] == .bool(false))

            // Nothing was stored: 13 refused deliveries, ~2.7 MiB of bodies, no rows.
            #expect(try await h.store.deliveries.list(provider: nil, limit: 100, offset: 0).isEmpty)
            let counts = Dictionary(
                uniqueKeysWithValues: try await h.store.webhookRefusals.list().map {
                    ("\($0.provider)/\($0.reason.rawValue)", $0.count)
                })
            #expect(
                counts == [
                    "other/unknown provider": 3, "github/no application for the repository": 3,
                    "github/body is not a JSON object": 3, "github/bad signature": 3, "github/body too large": 1,
                ])

            // Administrators read the counts; nobody else does, and no body is in them.
            let listed = try await h.api(.get, "/api/webhook/refusals")
            #expect(listed.status == .ok)
            #expect(listed.json["data"].array.count == 5)
            #expect(!listed.text.contains("evil"))
            let user = User(uid: UUID().uuidString, account: "u", name: "U", email: "u@example.com")
            try await h.store.users.create(user)
            let token = try await h.store.tokens.issue(userUID: user.uid, name: "t").secret
            #expect(try await h.api(.get, "/api/webhook/refusals", token: token).status == .forbidden)
            #expect(try await h.call(.get, "/api/webhook/refusals").status == .unauthorized)

            // A good delivery is still stored and acted on.
            var good = WebhookSignature.githubHeaders(body: Array(ours.utf8), secret: "gh")
            good["x-github-event"] = "push"
            #expect(try await h.call(.post, "/api/webhook/github", body: ours, headers: good).status == .ok)
            #expect(try await h.store.deliveries.list(provider: nil, limit: 100, offset: 0).count == 1)
        }
    }
}
