import Foundation
import SlipwayCore
import SlipwayTriggers
import Testing

/// The typed Serverless Devs answers keep the shapes the `JSONValue` literals had: every key,
/// explicit nulls, integers for times and counts, masked secrets.
@Suite struct WireShapeTests {
    @Test func applicationDeliveryAndRefusalShapes() async throws {
        try await withTriggers { h in
            _ = try await h.makeDepot(project: "ws", name: "svc")
            let created = try await h.api(
                .post, "/api/flow/application/create",
                """
                {"repo":"svc","owner":"ws","repo_url":"http://x/ws/svc.git","provider_repo_id":"0","provider":"coding",
                 "trigger_spec":{"coding":{"events":[{"eventName":"push"}],"secret":"hook"}},"secrets":{"TOKEN":"v"}}
                """)
            #expect(created.json == .object(["success": .bool(true), "data": .object(["id": .string("1")])]), "\(created.text)")
            let detail = try await h.api(.get, "/api/flow/application/detail?id=1")
            let data = detail.json["data"]
            #expect(
                Set(data.object.keys) == [
                    "id", "created_time", "updated_time", "latest_task", "owner", "provider",
                    "provider_repo_id", "repo_name", "repo_url", "secrets", "trigger_spec", "user_id",
                    "description",
                ])
            #expect(detail.text.contains(#""latest_task":null"#), "\(detail.text)")
            #expect(detail.text.range(of: #""created_time":[0-9]+[,}]"#, options: .regularExpression) != nil, "\(detail.text)")
            #expect(data["secrets"] == .object(["TOKEN": .string("******")]))
            #expect(data["trigger_spec"]["coding"]["secret"] == .string("******"))
            #expect(data["repo_name"] == .string("svc"))

            let refused = try await h.call(.post, "/api/webhook/github", body: #"{"repository":{"full_name":"no/where"}}"#)
            #expect(
                refused.json
                    == .object([
                        "success": .bool(false), "code": .string("NotFound"),
                        "message": .string("no application for repository no/where"),
                    ]), "\(refused.text)")
            let refusals = try await h.api(.get, "/api/webhook/refusals")
            #expect(refusals.json["data"].array.first.map { Set($0.object.keys) } == ["provider", "reason", "count", "last_at"])
            #expect(refusals.text.contains(#""count":1"#), "\(refusals.text)")

            let unmatched = try await h.call(
                .post, "/api/webhook/coding", body: #"{"ref":"refs/heads/main","repository":{"full_name":"ws/svc"}}"#,
                headers: ["x-coding-event": "push", "x-coding-delivery": "ws-1"])
            #expect(unmatched.status == .unauthorized, "signed with the application's secret only: \(unmatched.text)")
            let deliveries = try await h.api(.get, "/api/webhook/deliveries")
            #expect(deliveries.json == .object(["success": .bool(true), "data": .array([])]), "\(deliveries.text)")
        }
    }
}
