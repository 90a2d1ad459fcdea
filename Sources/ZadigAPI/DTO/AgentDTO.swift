import SlipwayCore
import SlipwayServices

/// An agent in Slipway's agent admin API (`/api/slipway/agents`); times in Unix seconds.
struct AgentDTO: Encodable {
    var id: Int64
    var name: String
    var labels: [String]
    var capacity: Int
    var executor: String
    var version: String
    var enabled: Bool
    var online: Bool
    var busy: Bool
    var running: Int
    var created_at: Int64
    var last_seen: Int64?
    /// The agent machine's own SSH public key (an `authorized_keys` line), for host server groups
    /// its CD rollouts log in to; empty until it reports one.
    var ssh_public_key: String

    init(_ status: AgentStatus) {
        let agent = status.agent
        id = agent.id
        name = agent.name
        labels = agent.labels
        capacity = agent.capacity
        executor = agent.executor
        version = agent.version
        enabled = agent.enabled
        online = status.online
        busy = status.busy
        running = status.running
        created_at = agent.createdAt / 1000
        last_seen = agent.lastSeenAt.map { $0 / 1000 }
        ssh_public_key = agent.sshPublicKey
    }
}

/// `GET /api/slipway/agents`.
struct AgentListResponse: Encodable {
    var agents: [AgentDTO]
}

/// One agent; `token` only in the answer that issued it.
struct AgentResponse: Encodable {
    var agent: AgentDTO
    var token: String?
}

/// `POST /api/slipway/agents`: issue a token for a new agent.
struct AgentCreateRequest: Decodable {
    var name: String
    var labels: [String]?
    var capacity: Int?
}
