import AsyncHTTPClient
import Foundation
import SlipwayCore

/// The agent process (`slipway agent`): connects to a server with its token, claims commands by
/// long poll, runs them with a local backend in its own copy of each job directory, streams their
/// logs and reports how they ended. A heartbeat renews its leases and brings cancellations.
package actor AgentWorker {
    /// How the agent was started.
    package struct Options: Sendable {
        package var server: String
        package var token: String
        package var labels: [String]
        package var capacity: Int
        package var executor: String
        package var version: String
        /// Job directories live under here (`jobs/<job>`).
        package var workDirectory: URL

        package init(server: String, token: String, labels: [String], capacity: Int, executor: String, version: String, workDirectory: URL) {
            self.server = server
            self.token = token
            self.labels = labels
            self.capacity = capacity
            self.executor = executor
            self.version = version
            self.workDirectory = workDirectory
        }
    }

    let options: Options
    let client: AgentClient
    let backend: any ExecutionBackend
    let say: @Sendable (String) -> Void
    /// This process: the server keeps its commands when it connects again with the same one.
    let instance = UUID().uuidString.lowercased()
    var welcome: AgentWelcome?
    var running: [String: Task<Void, Never>] = [:]
    var preparedJobs: Set<String> = []

    /// A worker whose backend is built the way the server builds its own (`EngineConfiguration`).
    package init(options: Options, http: HTTPClient, say: @escaping @Sendable (String) -> Void) throws {
        guard let kind = ExecutorKind(rawValue: options.executor) else {
            throw AgentProtocolError(
                options.executor == "container"
                    ? "jobs that name an image run in containers whenever podman is installed; --executor chooses sandbox or host for the others"
                    : "unknown executor \(options.executor): use sandbox or host")
        }
        var configuration = EngineConfiguration(dataDirectory: options.workDirectory)
        configuration.executor = kind
        self.options = options
        self.client = AgentClient(baseURL: options.server, token: options.token, client: http)
        // The agent's own executor, and podman for commands that name an image (when installed).
        self.backend = configuration.makeBackend()
        self.say = say
    }

    /// Run until the task is cancelled or the server refuses the token.
    package func run() async throws {
        try FileManager.default.createDirectory(at: jobsDirectory, withIntermediateDirectories: true)
        try await connect()
        let heartbeat = Task { await self.heartbeatLoop() }
        defer { heartbeat.cancel() }
        while !Task.isCancelled {
            do {
                let request = AgentClaimRequest(running: Array(running.keys))
                let reply = try await client.claim(request, holdMillis: welcome?.pollMillis ?? 25_000)
                handle(reply)
            } catch let refused as AgentClient.Refused where refused.isFinal {
                throw refused
            } catch let refused as AgentClient.Refused where refused.needsConnect {
                try await connect()
            } catch {
                if Task.isCancelled { break }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        for task in running.values { task.cancel() }
    }

    var jobsDirectory: URL { options.workDirectory.appendingPathComponent("jobs", isDirectory: true) }

    /// The machine's own SSH key (`<work-dir>/cd/id_ed25519`), which CD rollouts from this machine log in with.
    var sshIdentity: CdSSHIdentity { CdSSHIdentity(dataDirectory: options.workDirectory) }

    /// Connect, retrying while the server cannot be reached. The machine's SSH key is made the
    /// first time (its public half is reported; without ssh-keygen, none is).
    func connect() async throws {
        var publicKey: String?
        do { publicKey = try await sshIdentity.publicKey() } catch { say("no SSH key of this machine for CD rollouts: \(error)") }
        let hello = AgentHello(
            labels: options.labels, capacity: options.capacity, executor: options.executor, version: options.version, instance: instance,
            sshPublicKey: publicKey)
        while true {
            do {
                let answer = try await client.connect(hello)
                welcome = answer
                say("agent \(answer.name) connected to \(options.server) (labels \(answer.labels.joined(separator: ",")))")
                return
            } catch let refused as AgentClient.Refused where refused.isFinal {
                throw refused
            } catch {
                try Task.checkCancellation()
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    func handle(_ reply: AgentClaimReply) {
        for lease in reply.cancel { cancel(lease) }
        for job in reply.drop {
            preparedJobs.remove(job)
            try? FileManager.default.removeItem(at: jobDirectory(job))
        }
        if let work = reply.work {
            say("lease \(work.lease): running \(work.executable)")
            running[work.lease] = Task { await self.execute(work) }
        }
    }

    func cancel(_ lease: String) {
        guard let task = running[lease] else { return }
        say("lease \(lease): cancelled by the server")
        task.cancel()
    }

    func ended(_ lease: String) {
        running[lease] = nil
    }

    func heartbeatLoop() async {
        while !Task.isCancelled {
            let lease = welcome?.leaseMillis ?? 30_000
            try? await Task.sleep(for: .milliseconds(max(100, lease / 3)))
            guard !Task.isCancelled else { return }
            if let reply = try? await client.heartbeat(AgentHeartbeat(leases: Array(running.keys))) {
                for lease in reply.cancel + reply.unknown { cancel(lease) }
            }
        }
    }

    func jobDirectory(_ job: String) -> URL {
        jobsDirectory.appendingPathComponent(job, isDirectory: true)
    }
}
