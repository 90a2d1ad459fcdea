import Foundation
import SQLKit
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

    /// `DescribeAgentSecret`: team admins get the install secret (the same on every call, sealed
    /// at rest); members are refused, and so is a call without a token.
    @Test(arguments: CodingStoreKind.enabled)
    func adminsGetTheAgentInstallSecret(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let first = try await h.action("DescribeAgentSecret", "{}")
            let secret = try #require(first.response["Data"]["Secret"].string, "\(first.text)")
            #expect(secret.count > 40)
            #expect(try await h.action("DescribeAgentSecret", "{}").response["Data"]["Secret"].string == secret)
            #expect(try await h.store.agentEnrollment.matches(secret))
            #expect(try await !h.store.agentEnrollment.matches(secret + "x"))
            let stored = try await h.store.sql.read { db in
                try await db.select().column("secret").from("agent_enrollment").first(decodingColumn: "secret", as: String.self)
            }
            #expect(stored.map { SecretBox.isSealed($0) && !$0.contains(secret) } == true)

            let (_, member) = try await h.makeUser("member")
            let refused = try await h.action("DescribeAgentSecret", "{}", token: member)
            #expect(refused.response["Error"]["Code"].string == "UnauthorizedOperation", "\(refused.text)")
            #expect(!refused.text.contains(secret))
            let anonymous = try await h.action("DescribeAgentSecret", "{}", anonymous: true)
            #expect(anonymous.response["Error"]["Code"].string == "AuthFailure", "\(anonymous.text)")
        }
    }
}
