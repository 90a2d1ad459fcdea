import Foundation
import HTTPTypes
import SlipwayStore
import Testing

/// `/api/slipway/agents`: administrators issue agent tokens (shown once), list agents with their
/// state and enable or disable them; everyone else is refused.
@Suite struct AgentAdminAPITests {
    @Test(arguments: StoreKind.enabled)
    func administratorsIssueListAndDisableAgents(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let created = try await app.call(.post, "/api/slipway/agents", body: #"{"name":"builder-1","labels":["linux","big"],"capacity":4}"#)
            #expect(created.status == .ok, "\(created.text)")
            let token = try #require(created.json["token"].string)
            #expect(token.hasPrefix("slw_"))
            #expect(created.json["agent"]["labels"].array.compactMap(\.string) == ["linux", "big"])
            #expect(created.json["agent"]["capacity"].int == 4)
            let id = try #require(created.json["agent"]["id"].int)

            // Only the hash is stored: the token appears in no list, and it authenticates the agent.
            let list = try await app.call(.get, "/api/slipway/agents")
            #expect(list.status == .ok)
            #expect(!list.text.contains(token))
            let agent = list.json["agents"][0]
            #expect(agent["name"].string == "builder-1")
            #expect(agent["online"].bool == false && agent["busy"].bool == false && agent["enabled"].bool == true)
            #expect(agent["last_seen"] == .missing || agent["last_seen"] == .null)
            #expect(try await app.store.agents.find(secret: token)?.name == "builder-1")
            #expect(try await app.store.agents.find(secret: token + "x") == nil)

            let disabled = try await app.call(.post, "/api/slipway/agents/\(id)/disable")
            #expect(disabled.status == .ok)
            #expect(disabled.json["agent"]["enabled"].bool == false)
            #expect(try await app.store.agents.find(secret: token)?.enabled == false)
            let enabled = try await app.call(.post, "/api/slipway/agents/\(id)/enable")
            #expect(enabled.json["agent"]["enabled"].bool == true)
            #expect(try await app.call(.post, "/api/slipway/agents/999/enable").status == .notFound)

            // Issuing, disabling and enabling (also refused) are in the operation log; the token is not.
            let log = try await app.call(.get, "/openapi/system/operation?searchType=all&page=1&perPage=100")
            let entries = log.json["operation_logs"].array.filter { $0["function"].string == "agent" }
            #expect(entries.compactMap { $0["detail"].string } == ["enable 999", "enable \(id)", "disable \(id)", "issue token for builder-1"])
            #expect(entries.compactMap { $0["status"].int } == [404, 200, 200, 200])
            #expect(!log.text.contains(token))

            let duplicate = try await app.call(.post, "/api/slipway/agents", body: #"{"name":"builder-1"}"#)
            #expect(duplicate.status == .badRequest)
            #expect(duplicate.json["description"].string == "an agent named builder-1 already exists")
        }
    }

    @Test(arguments: StoreKind.enabled)
    func nonAdministratorsAndAnonymousCallersAreRefused(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            let member = try await app.makeUser("member")
            for (method, path, body) in [
                (HTTPRequest.Method.get, "/api/slipway/agents", nil), (.post, "/api/slipway/agents", #"{"name":"x"}"#),
                (.post, "/api/slipway/agents/1/disable", nil), (.post, "/api/slipway/agents/1/enable", nil),
            ] as [(HTTPRequest.Method, String, String?)] {
                #expect(try await app.call(method, path, as: member.token, body: body).status == .forbidden, "\(path)")
                #expect(try await app.call(method, path, auth: .anonymous, body: body).status == .unauthorized, "\(path)")
            }
            #expect(try await app.store.agents.list().isEmpty)
        }
    }

    @Test(arguments: StoreKind.enabled)
    func badNamesAndLabelsGetAZadigError(kind: StoreKind) async throws {
        try await withApp(kind) { app in
            for body in [#"{"name":""}"#, #"{"name":"a b"}"#, #"{"name":"ok","labels":["has space"]}"#, #"{"name":"ok","capacity":0}"#, "{}", "["] {
                let reply = try await app.call(.post, "/api/slipway/agents", body: body)
                #expect(reply.status == .badRequest, "\(body): \(reply.text)")
                #expect(reply.json["message"].string == "Bad Request")
                #expect(reply.json.keys == ["type", "message", "code", "description", "extra"])
            }
            #expect(try await app.call(.post, "/api/slipway/agents/abc/enable").status == .badRequest)
        }
    }
}
