import SlipwayCore
import SlipwayEngine
import SlipwayStore

/// An agent with what the server knows of it right now.
package struct AgentStatus: Sendable, Equatable {
    package var agent: Agent
    /// It holds a claim open or called within a lease's time.
    package var online: Bool
    /// Commands it runs now.
    package var running: Int
    /// It runs as many commands as it can.
    package var busy: Bool

    package init(agent: Agent, online: Bool = false, running: Int = 0, busy: Bool = false) {
        self.agent = agent
        self.online = online
        self.running = running
        self.busy = busy
    }
}

/// Remote agents: tokens issued by administrators, their list and state, enabling and disabling,
/// and the agent side's authentication and connection.
package struct AgentService: Sendable {
    package let context: ServiceContext

    package init(_ context: ServiceContext) {
        self.context = context
    }

    var store: Store { context.store }

    /// Issue a token for a new agent (administrators only). The token is returned this once.
    package func issueToken(by caller: User, name: String, labels: [String], capacity: Int = 1) async throws -> (token: String, agent: Agent) {
        guard caller.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
        if let problem = Agent.problem(name: name, labels: labels, capacity: capacity) { throw SlipwayError.invalidInput(problem) }
        let issued = try await store.agents.issue(name: name, labels: labels, capacity: capacity)
        return (issued.secret, issued.agent)
    }

    /// Every agent with its live state (administrators only).
    package func list(by caller: User) async throws -> [AgentStatus] {
        guard caller.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
        let live = await context.agents?.states() ?? [:]
        return try await store.agents.list().map { agent in
            let state = live[agent.id]
            return AgentStatus(
                agent: agent, online: agent.enabled && (state?.online ?? false), running: state?.running ?? 0, busy: state?.busy ?? false)
        }
    }

    /// Enable or disable an agent (administrators only). A disabled agent's held claim ends and
    /// the commands it runs fail with the reason.
    package func setEnabled(by caller: User, id: Int64, _ enabled: Bool) async throws -> AgentStatus {
        guard caller.isAdmin else { throw SlipwayError.forbidden("system administrator required") }
        guard try await store.agents.setEnabled(id: id, enabled), let agent = try await store.agents.find(id: id) else {
            throw SlipwayError.notFound("agent \(id) not found")
        }
        if !enabled { await context.agents?.end(agentID: id, reason: "agent \(agent.name) was disabled") }
        return try await list(by: caller).first { $0.agent.id == id } ?? AgentStatus(agent: agent, online: false, running: 0, busy: false)
    }

    /// The agent presenting `secret`: `unauthenticated` for an unknown token, `forbidden` when disabled.
    package func authenticate(secret: String?) async throws -> Agent {
        guard let secret, let agent = try await store.agents.find(secret: secret) else { throw SlipwayError.unauthenticated }
        guard agent.enabled else { throw SlipwayError.forbidden("agent \(agent.name) is disabled") }
        return agent
    }

    /// The agent called now (its "last seen").
    package func seen(_ id: Int64) async throws {
        try await store.agents.touch(id: id)
    }

    /// An agent starts: record what it reports and open its session.
    package func connect(_ agent: Agent, hello: AgentHello) async throws -> AgentWelcome {
        guard let dispatcher = context.agents else { throw SlipwayError.failedPrecondition("this server runs no agents") }
        if let problem = Agent.problem(name: agent.name, labels: hello.labels, capacity: hello.capacity) {
            throw SlipwayError.invalidInput(problem)
        }
        if let instance = hello.instance, instance.count > 64 || !instance.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            throw SlipwayError.invalidInput("instance must be up to 64 letters, digits or dashes")
        }
        var key: String?
        if let reported = hello.sshPublicKey {
            guard let line = Agent.sshPublicKeyLine(reported, name: agent.name) else {
                throw SlipwayError.invalidInput("sshPublicKey must be one OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa)")
            }
            key = line
        }
        try await store.agents.recordConnect(
            id: agent.id, labels: hello.labels.isEmpty ? nil : hello.labels, capacity: hello.capacity,
            executor: String(hello.executor.prefix(32)), version: String(hello.version.prefix(64)), sshPublicKey: key)
        return await dispatcher.connect(agent, hello: hello)
    }
}
