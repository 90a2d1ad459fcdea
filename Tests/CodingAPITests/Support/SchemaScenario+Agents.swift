import SlipwayStore

extension SchemaScenario {
    /// CI agents: disable and enable a registered agent; the install secret.
    func agents() async throws {
        let agent = try await h.store.agents.issue(name: "schema-agent", labels: ["linux"]).agent
        try await call("ModifyCodingCIAgentEnable", #"{"PoolId":1,"Id":\#(agent.id),"Enable":false}"#)
        try await call("ModifyCodingCIAgentEnable", #"{"PoolId":1,"Id":\#(agent.id),"Enable":true}"#)
        try await call("DescribeAgentSecret", "{}")
    }
}
