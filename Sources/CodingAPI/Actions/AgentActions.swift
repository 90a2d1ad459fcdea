import SlipwayCore
import SlipwayServices

/// CODING CI's self-hosted build nodes (§ci.agent) are Slipway's remote agents. Slipway keeps
/// one agent pool per server: `PoolId` must be a positive id and names that pool; `Id` is the
/// agent's id (`slipway agent-token list`, `GET /api/slipway/agents`).
struct AgentActions: Sendable {
    /// `ModifyCodingCIAgentEnable {PoolId, Id, Enable}`: enable or disable an agent (team admins).
    @Sendable func modifyCodingCIAgentEnable(_ call: ActionCall) async throws -> any ActionOutput {
        let pool = try call.parameters.int("PoolId")
        guard pool > 0 else { throw CodingError.invalidValue("PoolId", "must be a positive agent pool id") }
        let id = try call.parameters.int("Id")
        guard let enable = try call.parameters.optionalBool("Enable") else { throw CodingError.missingParameter("Enable") }
        _ = try await AgentService(call.services.context).setEnabled(by: call.user, id: id, enable)
        return NoOutput()
    }

    /// `DescribeAgentSecret {}` → `Data.Secret`: the install secret with which `slipway agent
    /// --enroll-secret` registers a new agent machine (team admins; made on first use).
    @Sendable func describeAgentSecret(_ call: ActionCall) async throws -> any ActionOutput {
        AgentSecretOutput(Data: .init(Secret: try await AgentService(call.services.context).installSecret(by: call.user)))
    }
}
