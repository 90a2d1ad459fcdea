import SQLKit
import SlipwayCore

/// A command handed to a remote agent, as kept across server restarts (`agent_leases`).
package struct AgentLeaseRecord: Codable, Sendable, Equatable {
    package var lease: String
    /// The job run (one attempt of one job) the command belongs to: the key in its job directory's marker.
    package var job: String
    package var jobDirectory: String
    /// The command's number within its job run, from 0.
    package var ordinal: Int64
    package var agentId: Int64
    package var agentName: String
    /// The agent process that holds the lease; another process of the same agent does not.
    package var instance: String
    /// The next log batch the server expects.
    package var nextBatch: Int64
    /// The job log's line count after the last acknowledged batch (-1: not known).
    package var logLines: Int64
    package var finished: Int64
    package var exitCode: Int64?
    package var error: String?
    package var createdAt: Int64

    package init(
        lease: String, job: String, jobDirectory: String, ordinal: Int, agentID: Int64, agentName: String, instance: String, logLines: Int
    ) {
        self.lease = lease
        self.job = job
        self.jobDirectory = jobDirectory
        self.ordinal = Int64(ordinal)
        self.agentId = agentID
        self.agentName = agentName
        self.instance = instance
        self.nextBatch = 0
        self.logLines = Int64(logLines)
        self.finished = 0
        self.createdAt = EpochMillis.now()
    }

    static let columns = [
        "lease", "job", "job_directory", "ordinal", "agent_id", "agent_name", "instance", "next_batch", "log_lines", "finished", "exit_code",
        "error", "created_at",
    ]
}

/// Leases of commands on remote agents: written as they are handed out, acknowledged and
/// finished, read back when the server starts, removed with their job run.
package struct AgentLeaseRepository: Sendable {
    let sql: any SQLStore

    package init(sql: any SQLStore) {
        self.sql = sql
    }

    /// Record a lease (replacing one of the same id: a command handed out again).
    package func record(_ record: AgentLeaseRecord) async throws {
        try await sql.write { db in
            try await db.delete(from: "agent_leases").where("lease", .equal, record.lease).run()
            try await db.insert(into: "agent_leases").model(record, keyEncodingStrategy: .convertToSnakeCase).run()
        }
    }

    /// A log batch was taken: the next one expected, and the job log's line count now.
    package func acknowledge(lease: String, nextBatch: Int, logLines: Int) async throws {
        try await sql.writeStatement { db in
            try await db.update("agent_leases").set("next_batch", to: Int64(nextBatch)).set("log_lines", to: Int64(logLines))
                .where("lease", .equal, lease).run()
        }
    }

    /// The command ended: its exit code, or why it did not run.
    package func finish(lease: String, exitCode: Int32?, error: String?) async throws {
        try await sql.writeStatement { db in
            let code: any SQLExpression = exitCode.map { SQLBind(Int64($0)) } ?? SQLLiteral.null
            let reason: any SQLExpression = error.map { SQLBind($0) } ?? SQLLiteral.null
            try await db.update("agent_leases").set("finished", to: Int64(1)).set(SQLIdentifier("exit_code"), to: code)
                .set(SQLIdentifier("error"), to: reason).where("lease", .equal, lease).run()
        }
    }

    /// Every lease kept, by job run and number.
    package func all() async throws -> [AgentLeaseRecord] {
        try await sql.read { db in
            try await db.select().columns(AgentLeaseRecord.columns).from("agent_leases").orderBy("job").orderBy("ordinal")
                .all(decoding: AgentLeaseRecord.self, keyDecodingStrategy: .snakeCase)
        }
    }

    /// Forget a job run's leases (its directory is gone or belongs to a new run).
    package func delete(job: String) async throws {
        try await sql.writeStatement { db in
            try await db.delete(from: "agent_leases").where("job", .equal, job).run()
        }
    }
}

extension Store {
    /// Leases of commands on remote agents.
    package var agentLeases: AgentLeaseRepository { AgentLeaseRepository(sql: sql) }
}
