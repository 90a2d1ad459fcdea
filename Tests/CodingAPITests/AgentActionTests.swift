import Foundation
import SlipwayCore
import SlipwayStore
import Testing

/// `ModifyCodingCIAgentEnable`: team admins enable and disable Slipway's remote agents.
@Suite struct AgentActionTests {
    @Test(arguments: CodingStoreKind.enabled)
    func adminsEnableAndDisableAgents(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let agent = try await h.store.agents.issue(name: "ci-node", labels: ["linux"]).agent
            let off = try await h.action("ModifyCodingCIAgentEnable", #"{"PoolId":1445,"Id":\#(agent.id),"Enable":false}"#)
            #expect(off.response["Error"].isNull, "\(off.text)")
            #expect(off.response["RequestId"].string?.isEmpty == false)
            #expect(try await h.store.agents.find(id: agent.id)?.enabled == false)
            _ = try await h.action("ModifyCodingCIAgentEnable", #"{"PoolId":1445,"Id":\#(agent.id),"Enable":"true"}"#)
            #expect(try await h.store.agents.find(id: agent.id)?.enabled == true)

            let (_, member) = try await h.makeUser("member")
            let refused = try await h.action("ModifyCodingCIAgentEnable", #"{"PoolId":1,"Id":\#(agent.id),"Enable":false}"#, token: member)
            #expect(refused.status == .ok)
            #expect(!refused.response["Error"].isNull, "\(refused.text)")
            #expect(try await h.store.agents.find(id: agent.id)?.enabled == true)

            let anonymous = try await h.action("ModifyCodingCIAgentEnable", #"{"PoolId":1,"Id":\#(agent.id),"Enable":false}"#, anonymous: true)
            #expect(anonymous.response["Error"]["Code"].string == "AuthFailure", "\(anonymous.text)")
            #expect(try await h.store.agents.find(id: agent.id)?.enabled == true)

            let unknown = try await h.action("ModifyCodingCIAgentEnable", #"{"PoolId":1,"Id":999,"Enable":false}"#)
            #expect(unknown.response["Error"]["Code"].string == "ResourceNotFound", "\(unknown.text)")
            for bad in [#"{"Id":\#(agent.id),"Enable":false}"#, #"{"PoolId":0,"Id":\#(agent.id),"Enable":false}"#, #"{"PoolId":1,"Id":\#(agent.id)}"#] {
                let reply = try await h.action("ModifyCodingCIAgentEnable", bad)
                #expect(reply.status == .ok)
                #expect(
                    reply.response["Error"]["Code"].string?.hasPrefix("InvalidParameter") == true
                        || reply.response["Error"]["Code"].string == "MissingParameter", "\(bad): \(reply.text)")
            }
        }
    }
}
