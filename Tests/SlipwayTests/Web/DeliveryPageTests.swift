import Foundation
import HTTPTypes
import SlipwayCore
import SlipwayServices
import Testing

/// Issue 14: the webhook delivery pages (administrators): the decision taken on each delivery,
/// paged, one delivery with its payload escaped, and replay through the inbox.
@Suite struct DeliveryPageTests {
    @Test(arguments: StoreKind.enabled)
    func administratorsSeeDecisionsAndReplay(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let deployed = try await DeployedApplication.make(app)
            let delivery = try await deployed.delivery(app)
            var browser = try await app.adminBrowser()
            let list = try await browser.get("/ui/deliveries")
            #expect(list.status == .ok)
            #expect(list.text.contains(#"<a href="/ui/deliveries/\#(delivery.id)">\#(delivery.id)</a>"#), "\(list.text)")
            #expect(list.text.contains("triggered \(deployed.appID)-1"))
            #expect(list.text.contains("matched app \(deployed.appID) → task \(deployed.appID)-1"))

            let page = try await browser.get("/ui/deliveries/\(delivery.id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("&lt;script&gt;alert("), "the hostile commit message in the payload, escaped")
            #expect(!page.text.contains("<script>"))
            #expect(page.text.contains("<td>x-slipway-event</td><td>push</td>"))

            let replayed = try await browser.post("/ui/deliveries/\(delivery.id)/replay", [])
            #expect(replayed.status == .seeOther, "\(replayed.text)")
            let location = try #require(replayed.headers[.location])
            #expect(location != "/ui/deliveries/\(delivery.id)" && location.hasPrefix("/ui/deliveries/"))
            let again = try await browser.get(location)
            #expect(again.text.contains("replay of delivery \(delivery.id)"), "\(again.text)")
            #expect(again.text.contains("<span class=\"status\">ignored</span>"), "a duplicate starts nothing")
            #expect(try await app.store.tasks.summaries(workflowKey: deployed.workflowKey, page: 1, pageSize: 10).total == 1)

            // Filtered and paged: no delivery of another provider.
            let github = try await browser.get("/ui/deliveries?provider=github")
            #expect(github.text.contains("No delivery here.") && !github.text.contains("rel=\"next\""))
            // The same entry as the API's replay, but for the method.
            let api = try await app.call(.post, "/api/webhook/deliveries/replay", body: #"{"id":"\#(delivery.id)"}"#)
            #expect(api.status == .ok, "\(api.text)")
            let logs = try await app.store.operationLogs.list(.init(page: 1, perPage: 50)).items.filter { $0.function == "webhook/deliveries/replay" }
            #expect(logs.map(\.method).sorted() == ["Serverless Devs", "Web"], "\(logs.map(\.method))")
            #expect(Set(logs.map(\.detail)) == [String(delivery.id)] && Set(logs.map(\.username)) == ["admin"])
        }
    }

    @Test(arguments: StoreKind.enabled)
    func othersNeitherReadNorReplay(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let deployed = try await DeployedApplication.make(app)
            let delivery = try await deployed.delivery(app)
            var signedOut = WebBrowser(app)
            let away = try await signedOut.get("/ui/deliveries")
            #expect(away.status == .seeOther && away.headers[.location] == "/ui/sign-in?next=%2Fui%2Fdeliveries")

            _ = try await app.makeMember("reader")
            let reader = try #require(try await app.store.users.find(account: "reader"))
            try await app.store.passwords.set(userUID: reader.uid, hash: PasswordHasher.hash("correct horse"))
            var browser = WebBrowser(app)
            try await browser.signIn("reader", "correct horse")
            for path in ["/ui/deliveries", "/ui/deliveries/\(delivery.id)"] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(!page.text.contains("matched app"))
            }
            _ = try await browser.get("/")
            let replay = try await browser.post("/ui/deliveries/\(delivery.id)/replay", [])
            #expect(replay.status == .forbidden, "not the application's owner: \(replay.status)")
            #expect(try await app.store.deliveries.list(provider: nil, limit: 10).count == 1, "nothing replayed")
        }
    }
}
