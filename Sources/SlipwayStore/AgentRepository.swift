import SQLKit
import SlipwayCore

struct AgentRow: Codable {
    var id: Int64
    var name: String
    var labels: String
    var capacity: Int64
    var executor: String
    var version: String
    var enabled: Int64
    var createdAt: Int64
    var lastSeenAt: Int64?
    var sshPublicKey: String

    static let columns = ["id", "name", "labels", "capacity", "executor", "version", "enabled", "created_at", "last_seen_at", "ssh_public_key"]

    var agent: Agent {
        Agent(
            id: id, name: name, labels: JSONColumn.decode([String].self, from: labels, default: []), capacity: Int(capacity),
            executor: executor, version: version, enabled: enabled != 0, createdAt: createdAt, lastSeenAt: lastSeenAt, sshPublicKey: sshPublicKey)
    }
}

/// Remote agents: issued with a token shown once (stored as its hash), looked up by that hash.
package struct AgentRepository: Sendable {
    let sql: any SQLStore

    package init(sql: any SQLStore) {
        self.sql = sql
    }

    /// Register an agent named `name` and return its token (the only time it exists in clear).
    package func issue(name: String, labels: [String], capacity: Int = 1) async throws -> (secret: String, agent: Agent) {
        let secret = TokenSecret.generate()
        let now = EpochMillis.now()
        let id = try await sql.write { db in
            try await mapConflict("an agent named \(name) already exists") {
                try await db.insert(into: "agents")
                    .columns("name", "labels", "capacity", "executor", "version", "enabled", "token_hash", "created_at")
                    .values(
                        SQLBind(name), SQLBind(JSONColumn.encode(labels)), SQLBind(Int64(capacity)), SQLBind(""), SQLBind(""),
                        SQLBind(Int64(1)), SQLBind(TokenSecret.hash(secret)), SQLBind(now)
                    )
                    .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
            }
        }
        return (secret, Agent(id: id, name: name, labels: labels, capacity: capacity, createdAt: now))
    }

    /// The agent a presented token belongs to (enabled or not); nil for an unknown token.
    package func find(secret: String) async throws -> Agent? {
        let hash = TokenSecret.hash(secret)
        return try await sql.read { db in
            try await db.select().columns(AgentRow.columns).from("agents").where("token_hash", .equal, hash)
                .first(decoding: AgentRow.self, keyDecodingStrategy: .snakeCase)?.agent
        }
    }

    package func find(id: Int64) async throws -> Agent? {
        try await sql.read { db in
            try await db.select().columns(AgentRow.columns).from("agents").where("id", .equal, id)
                .first(decoding: AgentRow.self, keyDecodingStrategy: .snakeCase)?.agent
        }
    }

    /// Every agent, oldest first (no token hashes).
    package func list() async throws -> [Agent] {
        try await sql.read { db in
            try await db.select().columns(AgentRow.columns).from("agents").orderBy("id")
                .all(decoding: AgentRow.self, keyDecodingStrategy: .snakeCase).map(\.agent)
        }
    }

    /// Enable or disable an agent; false when there is no such agent.
    package func setEnabled(id: Int64, _ enabled: Bool) async throws -> Bool {
        try await sql.write { db in
            guard try await db.count("agents", { $0.where("id", .equal, id) }) > 0 else { return false }
            try await db.update("agents").set("enabled", to: Int64(enabled.sqlInt)).where("id", .equal, id).run()
            return true
        }
    }

    /// What a connecting agent reports about itself; `labels` nil keeps the issued ones,
    /// `sshPublicKey` nil the reported one.
    package func recordConnect(
        id: Int64, labels: [String]?, capacity: Int, executor: String, version: String, sshPublicKey: String? = nil
    ) async throws {
        try await sql.write { db in
            var update = db.update("agents").set("capacity", to: Int64(capacity)).set("executor", to: executor)
                .set("version", to: version).set("last_seen_at", to: EpochMillis.now())
            if let labels { update = update.set("labels", to: JSONColumn.encode(labels)) }
            if let sshPublicKey { update = update.set("ssh_public_key", to: sshPublicKey) }
            try await update.where("id", .equal, id).run()
        }
    }

    /// The agent called the server now.
    package func touch(id: Int64, at time: EpochMillis = .now()) async throws {
        try await sql.write { db in
            try await db.update("agents").set("last_seen_at", to: time).where("id", .equal, id).run()
        }
    }
}

extension Store {
    /// Remote agents and their tokens.
    package var agents: AgentRepository { AgentRepository(sql: sql) }
}
