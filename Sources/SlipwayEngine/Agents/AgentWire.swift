import Foundation

// The agent protocol's bodies (JSON, camelCase keys), shared by the server's routes and `slipway agent`.
// Routes, all under `/api/slipway/agent`, `Authorization: Bearer <agent token>`:
// `POST connect` (AgentHello → AgentWelcome), `POST claim` (long poll → AgentClaimReply),
// `POST heartbeat` (AgentHeartbeat → AgentHeartbeatReply), `POST leases/{id}/logs`
// (AgentLogBatch → AgentLogAck), `POST leases/{id}/finish` (AgentFinish → AgentLogAck),
// `GET leases/{id}/workspace` (the server's workspace as a tar), `POST leases/{id}/upload?path=P`
// (one file's bytes, kept under the server's job directory at `.slipway-upload/P`).

/// `POST /api/slipway/agent/enroll`: a new agent presents the server's install secret and is
/// registered under `name`; the answer carries its own token (`AgentEnrolled`).
package struct AgentEnrollment: Codable, Sendable, Equatable {
    package var secret: String
    package var name: String
    package var labels: [String]
    package var capacity: Int

    package init(secret: String, name: String, labels: [String], capacity: Int) {
        self.secret = secret
        self.name = name
        self.labels = labels
        self.capacity = capacity
    }

    /// `labels` and `capacity` may be left out (none, and 1).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        secret = try container.decode(String.self, forKey: .secret)
        name = try container.decode(String.self, forKey: .name)
        labels = try container.decodeIfPresent([String].self, forKey: .labels) ?? []
        capacity = try container.decodeIfPresent(Int.self, forKey: .capacity) ?? 1
    }
}

/// The part of the enrollment answer an agent keeps: its token.
package struct AgentEnrolled: Decodable, Sendable {
    package var token: String
}

/// What an agent says about itself when it starts.
package struct AgentHello: Codable, Sendable, Equatable {
    /// The labels it serves; empty keeps those given when its token was issued.
    package var labels: [String]
    package var capacity: Int
    package var executor: String
    package var version: String
    /// This agent process, new each time it starts: connecting again with the same instance
    /// (after a server restart) keeps the commands it runs. Absent: they are given up.
    package var instance: String?
    /// The public half of the machine's own SSH key (its private half never leaves it), which
    /// CODING CD rollouts from this machine log in with. Absent: the one reported before stays.
    package var sshPublicKey: String?

    package init(
        labels: [String], capacity: Int, executor: String, version: String, instance: String? = nil, sshPublicKey: String? = nil
    ) {
        self.labels = labels
        self.capacity = capacity
        self.executor = executor
        self.version = version
        self.instance = instance
        self.sshPublicKey = sshPublicKey
    }
}

/// The server's answer to `connect`: who the agent is and the timing it must keep.
package struct AgentWelcome: Codable, Sendable, Equatable {
    package var id: Int64
    package var name: String
    package var labels: [String]
    /// A lease not renewed by a heartbeat within this many milliseconds expires.
    package var leaseMillis: Int64
    /// How long the server holds a claim open when there is nothing to do.
    package var pollMillis: Int64

    package init(id: Int64, name: String, labels: [String], leaseMillis: Int64, pollMillis: Int64) {
        self.id = id
        self.name = name
        self.labels = labels
        self.leaseMillis = leaseMillis
        self.pollMillis = pollMillis
    }
}

/// A file of a job directory, by its path relative to the job directory, base64 encoded.
package struct AgentFile: Codable, Sendable, Equatable {
    package var path: String
    package var data: String

    package init(path: String, data: Data) {
        self.path = path
        self.data = data.base64EncodedString()
    }

    package var bytes: Data? { Data(base64Encoded: data) }
}

/// One command handed to an agent under a lease.
package struct AgentWork: Codable, Sendable, Equatable {
    /// The lease's id: every later call about this command names it.
    package var lease: String
    /// The job the command belongs to: the agent keeps one directory per job, across its commands.
    package var job: String
    /// The job directory's path on the server; the agent maps it to its own copy.
    package var jobDirectory: String
    package var executable: String
    package var arguments: [String]
    package var environment: [String: String]
    package var workingDirectory: String
    /// The small files the server wrote into the job directory (step scripts), to lay down first.
    package var files: [AgentFile]
    /// The image the command runs in on the agent (its podman); nil for the agent's own executor.
    package var image: String?
    /// The server's copy of the job's workspace holds files (a checkout done on the server): an
    /// agent laying out the job fetches them first (`GET leases/{id}/workspace`, a tar).
    package var fetchWorkspace: Bool? = nil
    /// Files the command names at the top of the workspace (a pipeline step's script), by name.
    package var workspaceFiles: [AgentFile]? = nil

    /// The command that uploads the workspace path in its first argument to the server's job
    /// directory (`POST leases/{id}/upload?path=`, file by file) instead of running a process.
    package static let uploadExecutable = "slipway-agent:upload"
}

/// A claim: the leases the agent holds. A lease handed to an earlier claim but missing here
/// never reached the agent (its answer was lost) and goes to the next claim instead.
package struct AgentClaimRequest: Codable, Sendable, Equatable {
    package var running: [String]

    package init(running: [String]) {
        self.running = running
    }
}

/// A claim's answer: at most one command, the leases the server cancelled and the jobs whose
/// directories the agent may remove.
package struct AgentClaimReply: Codable, Sendable, Equatable {
    package var work: AgentWork?
    package var cancel: [String]
    package var drop: [String]

    package init(work: AgentWork? = nil, cancel: [String] = [], drop: [String] = []) {
        self.work = work
        self.cancel = cancel
        self.drop = drop
    }
}

/// The leases an agent still holds: the heartbeat renews them.
package struct AgentHeartbeat: Codable, Sendable, Equatable {
    package var leases: [String]

    package init(leases: [String]) {
        self.leases = leases
    }
}

/// Leases to stop (cancelled on the server) and leases the server no longer knows (stop too).
package struct AgentHeartbeatReply: Codable, Sendable, Equatable {
    package var cancel: [String]
    package var unknown: [String]

    package init(cancel: [String], unknown: [String]) {
        self.cancel = cancel
        self.unknown = unknown
    }
}

/// Log lines of a lease, numbered from 0. A batch the server already has is acknowledged again
/// and not appended twice.
package struct AgentLogBatch: Codable, Sendable, Equatable {
    package var sequence: Int
    package var lines: [String]

    package init(sequence: Int, lines: [String]) {
        self.sequence = sequence
        self.lines = lines
    }
}

/// The next batch number the server expects for a lease.
package struct AgentLogAck: Codable, Sendable, Equatable {
    package var next: Int

    package init(next: Int) {
        self.next = next
    }
}

/// How a command ended on the agent: its exit code, or why it could not run, after `batches` log
/// batches; with the job's outputs and top-level files as they are now.
package struct AgentFinish: Codable, Sendable, Equatable {
    package var exitCode: Int32?
    package var error: String?
    package var batches: Int
    package var files: [AgentFile]

    package init(exitCode: Int32?, error: String?, batches: Int, files: [AgentFile]) {
        self.exitCode = exitCode
        self.error = error
        self.batches = batches
        self.files = files
    }
}

/// An agent protocol failure as the server words it.
package struct AgentProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
